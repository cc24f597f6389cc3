// Demo data: one electronics manufacturer ("Northwind Robotics") with its
// vendors, users, open orders, delivery schedules, history, flags, messages,
// cadences, BOMs and inventory. A seeded generator (mulberry32) makes every
// run produce the same demo (only the random sids differ); dates are placed
// relative to `today`. `node server/seed/reset.ts` loads it into a fresh database.
import { SECOND_CUSTOMER, SECOND_CUSTOMER_STAFF, seedSecondCustomer } from './demo-customer.ts';
import { seedFollowUpHistory } from './follow-up-history.ts';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newSid } from '../domain/sid.ts';
import { hashPassword } from '../http/auth.ts';

/** The password of every demo user. */
export const DEMO_PASSWORD = 'factor-demo-2026';

export interface DemoLogin {
  email: string;
  role: 'admin' | 'buyer' | 'vendor';
  name: string;
  vendorName?: string;
  /** The buying organization, for the logins of the second demo customer (the first is Northwind Robotics). */
  organization?: string;
}

const ORGANIZATION = 'Northwind Robotics';
/** The intranet the demo organization lets embed its views. */
export const DEMO_EMBED_ORIGIN = 'https://intranet.example';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const CHUNK = 500;

// ---------------------------------------------------------------- catalog

type Category = 'passive' | 'semi' | 'connector' | 'pcb' | 'pcba' | 'enclosure' | 'harness';

interface Part {
  mpn: string;
  manufacturer: string;
  title: string;
  description: string;
  price: number;
  /** Reel, tray or lot size: order quantities are multiples of it. */
  pack: number;
  category: Category;
  leadTime: number;
  /** Reference designator prefix on a BOM ('' for the bare board). */
  designator: string;
}

type PartTuple = [string, string, string, string, number, number, Category, number, string];

// prettier-ignore
const PART_TUPLES: PartTuple[] = [
  ['GRM188R71H104KA93D', 'Murata', 'MLCC 100nF 50V X7R 0603', 'Multilayer ceramic capacitor 0.1µF ±10% 50V X7R, 0603 (1608 metric)', 0.004, 4000, 'passive', 28, 'C'],
  ['GRM21BR61E106KA73L', 'Murata', 'MLCC 10µF 25V X5R 0805', 'Multilayer ceramic capacitor 10µF ±10% 25V X5R, 0805 (2012 metric)', 0.032, 3000, 'passive', 42, 'C'],
  ['CL10A106KP8NNNC', 'Samsung Electro-Mechanics', 'MLCC 10µF 10V X5R 0603', 'Multilayer ceramic capacitor 10µF ±10% 10V X5R, 0603', 0.012, 4000, 'passive', 35, 'C'],
  ['CL05B104KO5NNNC', 'Samsung Electro-Mechanics', 'MLCC 100nF 16V X7R 0402', 'Multilayer ceramic capacitor 0.1µF ±10% 16V X7R, 0402 (1005 metric)', 0.0015, 10000, 'passive', 35, 'C'],
  ['GCM1885C1H101JA16D', 'Murata', 'MLCC 100pF 50V C0G 0603 AEC-Q200', 'Automotive-grade ceramic capacitor 100pF ±5% 50V C0G/NP0, 0603', 0.009, 4000, 'passive', 56, 'C'],
  ['C0603C102K5RACTU', 'KEMET', 'MLCC 1nF 50V X7R 0603', 'Multilayer ceramic capacitor 1000pF ±10% 50V X7R, 0603', 0.0035, 4000, 'passive', 28, 'C'],
  ['T491A106K016AT', 'KEMET', 'Tantalum 10µF 16V case A', 'Solid tantalum capacitor 10µF ±10% 16V, EIA 3216-18 (case A)', 0.18, 2000, 'passive', 70, 'C'],
  ['EEE-FK1V221P', 'Panasonic', 'Aluminium electrolytic 220µF 35V', 'SMD aluminium electrolytic capacitor 220µF ±20% 35V, 8x10.2mm, 2000h @105°C', 0.21, 500, 'passive', 49, 'C'],
  ['RC0603FR-0710KL', 'YAGEO', 'Resistor 10kΩ 1% 0603', 'Thick film chip resistor 10kΩ ±1% 1/10W, 0603', 0.0012, 5000, 'passive', 21, 'R'],
  ['RC0603FR-074K7L', 'YAGEO', 'Resistor 4.7kΩ 1% 0603', 'Thick film chip resistor 4.7kΩ ±1% 1/10W, 0603', 0.0012, 5000, 'passive', 21, 'R'],
  ['ERJ-3EKF1001V', 'Panasonic', 'Resistor 1kΩ 1% 0603', 'Thick film chip resistor 1kΩ ±1% 1/10W, 0603, AEC-Q200', 0.0018, 5000, 'passive', 28, 'R'],
  ['CRCW060322R0FKEA', 'Vishay Dale', 'Resistor 22Ω 1% 0603', 'Thick film chip resistor 22Ω ±1% 1/10W, 0603', 0.0025, 5000, 'passive', 28, 'R'],
  ['RC0402FR-070RL', 'YAGEO', 'Resistor 0Ω jumper 0402', 'Zero-ohm jumper chip resistor, 0402', 0.0008, 10000, 'passive', 21, 'R'],
  ['WSL1206R0100FEA', 'Vishay Dale', 'Current sense 10mΩ 1% 1206', 'Metal strip current sensing resistor 0.01Ω ±1% 0.5W, 1206', 0.32, 1000, 'passive', 63, 'R'],
  ['XAL4030-472MEC', 'Coilcraft', 'Power inductor 4.7µH 4.0A', 'Shielded power inductor 4.7µH ±20% 4.0A Isat, 4.0x4.0x3.1mm', 0.85, 500, 'passive', 42, 'L'],
  ['SRN6045TA-100M', 'Bourns', 'Power inductor 10µH 2.8A', 'Semi-shielded power inductor 10µH ±20% 2.8A, 6.0x6.0x4.5mm', 0.19, 1000, 'passive', 49, 'L'],
  ['BLM18PG221SN1D', 'Murata', 'Ferrite bead 220Ω 0603', 'Chip ferrite bead 220Ω @100MHz 1.4A, 0603', 0.011, 4000, 'passive', 28, 'FB'],
  ['ABM8-25.000MHZ-B2-T', 'Abracon', 'Crystal 25MHz 18pF', 'Quartz crystal 25.000MHz ±20ppm 18pF, 3.2x2.5mm SMD', 0.29, 1000, 'passive', 56, 'Y'],
  ['ECS-.327-12.5-34B-TR', 'ECS Inc.', 'Crystal 32.768kHz 12.5pF', 'Tuning fork crystal 32.768kHz ±20ppm 12.5pF, 3.2x1.5mm SMD', 0.24, 1000, 'passive', 56, 'Y'],
  ['0ZCJ0050FF2E', 'Bel Fuse', 'PTC resettable fuse 0.5A 1206', 'Polymeric PTC resettable fuse 0.5A hold 16V, 1206', 0.09, 3000, 'passive', 35, 'F'],
  ['STM32F405RGT6', 'STMicroelectronics', 'MCU Cortex-M4 168MHz 1MB LQFP-64', 'Arm Cortex-M4F microcontroller, 168MHz, 1MB flash, 192KB RAM, LQFP-64', 9.85, 50, 'semi', 112, 'U'],
  ['STM32G071RBT6', 'STMicroelectronics', 'MCU Cortex-M0+ 128KB LQFP-64', 'Arm Cortex-M0+ microcontroller, 64MHz, 128KB flash, 36KB RAM, LQFP-64', 2.45, 100, 'semi', 84, 'U'],
  ['ATSAMD21G18A-AU', 'Microchip', 'MCU Cortex-M0+ 256KB TQFP-48', 'Arm Cortex-M0+ microcontroller, 48MHz, 256KB flash, 32KB SRAM, USB, TQFP-48', 3.12, 100, 'semi', 98, 'U'],
  ['ESP32-S3-WROOM-1-N8R8', 'Espressif', 'Wi-Fi/BLE module 8MB flash 8MB PSRAM', 'ESP32-S3 Wi-Fi + Bluetooth LE module, 8MB quad flash, 8MB octal PSRAM, PCB antenna', 3.4, 50, 'semi', 56, 'U'],
  ['TPS62130RGTR', 'Texas Instruments', 'Buck converter 3A 3–17V VQFN-16', '3–17V input, 3A synchronous step-down converter with DCS-Control, VQFN-16', 1.62, 250, 'semi', 70, 'U'],
  ['TPS54331DR', 'Texas Instruments', 'Buck converter 3A 28V SOIC-8', '3.5–28V input, 3A step-down converter with Eco-mode, SOIC-8', 0.98, 250, 'semi', 63, 'U'],
  ['LP5907MFX-3.3/NOPB', 'Texas Instruments', 'LDO 250mA 3.3V SOT-23-5', 'Ultra-low-noise 250mA linear regulator, 3.3V fixed, SOT-23-5', 0.14, 3000, 'semi', 49, 'U'],
  ['AP2112K-3.3TRG1', 'Diodes Incorporated', 'LDO 600mA 3.3V SOT-23-5', '600mA CMOS linear regulator with enable, 3.3V, SOT-23-5', 0.09, 3000, 'semi', 42, 'U'],
  ['TCAN1042VDRQ1', 'Texas Instruments', 'CAN FD transceiver SOIC-8', 'Automotive CAN FD transceiver, 5Mbps, ±58V bus fault protection, AEC-Q100, SOIC-8', 0.72, 250, 'semi', 84, 'U'],
  ['SN65HVD230DR', 'Texas Instruments', 'CAN transceiver 3.3V SOIC-8', '3.3V CAN bus transceiver, 1Mbps, standby mode, SOIC-8', 0.88, 250, 'semi', 56, 'U'],
  ['W25Q128JVSIQ', 'Winbond', 'NOR flash 128Mbit SPI SOIC-8', 'Serial NOR flash 128Mbit, quad SPI 133MHz, SOIC-8 208mil', 0.96, 100, 'semi', 42, 'U'],
  ['24LC256-I/SN', 'Microchip', 'EEPROM 256Kbit I²C SOIC-8', '256Kbit I²C serial EEPROM, 400kHz, industrial temperature, SOIC-8', 0.38, 100, 'semi', 35, 'U'],
  ['KSZ8081RNACA-TR', 'Microchip', 'Ethernet PHY 10/100 RMII QFN-24', '10BASE-T/100BASE-TX Ethernet PHY with RMII, QFN-24', 0.91, 250, 'semi', 77, 'U'],
  ['DRV8323RSRGZR', 'Texas Instruments', '3-phase gate driver VQFN-48', '65V three-phase smart gate driver with buck regulator and current shunt amplifiers, VQFN-48', 3.95, 250, 'semi', 98, 'U'],
  ['INA240A2PWR', 'Texas Instruments', 'Current sense amplifier TSSOP-8', '-4V to 80V bidirectional current sense amplifier with PWM rejection, gain 50, TSSOP-8', 1.05, 250, 'semi', 70, 'U'],
  ['LSM6DSOXTR', 'STMicroelectronics', '6-axis IMU LGA-14', 'iNEMO 6DoF accelerometer + gyroscope with machine learning core, LGA-14', 2.1, 250, 'semi', 84, 'U'],
  ['BME280', 'Bosch Sensortec', 'Humidity/pressure/temperature sensor', 'Combined humidity, barometric pressure and temperature sensor, I²C/SPI, LGA-8 2.5x2.5mm', 2.35, 100, 'semi', 70, 'U'],
  ['ICM-42688-P', 'TDK InvenSense', '6-axis IMU high precision LGA-14', 'High-precision 6-axis MEMS motion tracking device, LGA-14 2.5x3mm', 2.6, 250, 'semi', 91, 'U'],
  ['BSS138LT1G', 'onsemi', 'N-MOSFET 50V 200mA SOT-23', 'N-channel logic-level MOSFET 50V 200mA, SOT-23', 0.03, 3000, 'semi', 28, 'Q'],
  ['SI2302CDS-T1-GE3', 'Vishay Siliconix', 'N-MOSFET 20V 2.6A SOT-23', 'N-channel 20V 2.6A TrenchFET MOSFET, SOT-23', 0.07, 3000, 'semi', 35, 'Q'],
  ['CSD18540Q5B', 'Texas Instruments', 'N-MOSFET 60V 100A SON-8', '60V N-channel NexFET power MOSFET, 1.8mΩ, SON 5x6mm', 1.15, 250, 'semi', 84, 'Q'],
  ['1N4148W-7-F', 'Diodes Incorporated', 'Switching diode 100V SOD-123', 'Fast switching diode 100V 300mA, SOD-123', 0.012, 3000, 'semi', 21, 'D'],
  ['SMBJ24A', 'Littelfuse', 'TVS diode 24V 600W SMB', 'Unidirectional TVS diode 24V standoff, 600W peak, DO-214AA (SMB)', 0.11, 750, 'semi', 35, 'D'],
  ['PMEG3020EH,115', 'Nexperia', 'Schottky diode 30V 2A SOD-123F', 'Low-VF Schottky barrier rectifier 30V 2A, SOD-123F', 0.06, 3000, 'semi', 35, 'D'],
  ['LTST-C191KGKT', 'Lite-On', 'LED green 0603', 'Green chip LED 571nm, 0603, water clear', 0.03, 4000, 'semi', 21, 'D'],
  ['USBLC6-2SC6', 'STMicroelectronics', 'USB ESD protection SOT-23-6', 'Very low capacitance ESD protection for USB 2.0, SOT-23-6', 0.12, 3000, 'semi', 42, 'U'],
  ['USB4105-GF-A', 'GCT', 'USB-C receptacle 16-pin SMT', 'USB Type-C receptacle, USB 2.0, 16-pin, horizontal SMT, top mount', 0.58, 500, 'connector', 35, 'J'],
  ['53047-0410', 'Molex', 'PicoBlade header 4-pos 1.25mm', 'PicoBlade wire-to-board header, 4 circuits, 1.25mm pitch, vertical through-hole', 0.21, 500, 'connector', 42, 'J'],
  ['B2B-PH-K-S(LF)(SN)', 'JST', 'PH header 2-pos 2.0mm', 'PH series wire-to-board header, 2 circuits, 2.0mm pitch, top entry', 0.05, 1000, 'connector', 28, 'J'],
  ['61300611121', 'Würth Elektronik', 'Pin header 6-pos 2.54mm', 'WR-PHD pin header, 1 row, 6 pins, 2.54mm pitch, through-hole', 0.17, 500, 'connector', 21, 'J'],
  ['43650-0300', 'Molex', 'Micro-Fit 3.0 header 3-pos R/A', 'Micro-Fit 3.0 right-angle header, 3 circuits, 3.0mm pitch, through-hole', 0.62, 500, 'connector', 49, 'J'],
  ['SM06B-GHS-TB(LF)(SN)', 'JST', 'GH header 6-pos 1.25mm SMT', 'GH series side-entry header, 6 circuits, 1.25mm pitch, SMT', 0.33, 1000, 'connector', 42, 'J'],
  ['PCB-CTRL-A-R3', 'Pinecrest Circuits', 'Bare PCB CTRL-BOARD-A rev 3', '6-layer FR-4 1.6mm, ENIG, 100x80mm, 2-up panel, impedance controlled', 6.8, 50, 'pcb', 15, ''],
  ['PCB-SHUB-B-R1', 'Pinecrest Circuits', 'Bare PCB SENSOR-HUB-B rev 1', '4-layer FR-4 1.0mm, ENIG, 45x45mm, 6-up panel', 3.9, 50, 'pcb', 12, ''],
  ['PCB-MDRV-C-R2', 'Pinecrest Circuits', 'Bare PCB MDRV-C rev 2', '4-layer FR-4 1.6mm, 2oz outer copper, HASL lead-free, 120x60mm', 5.2, 50, 'pcb', 15, ''],
  ['PCBA-CTRL-A', 'Helix Contract Manufacturing', 'PCBA CTRL-BOARD-A turnkey', 'Turnkey SMT + THT assembly of CTRL-BOARD-A rev 3, AOI and flying-probe tested', 38.5, 25, 'pcba', 35, 'A'],
  ['PCBA-MDRV-C', 'Helix Contract Manufacturing', 'PCBA MDRV-C consigned', 'Consigned assembly of MDRV-C rev 2 motor driver, conformal coated, functional test', 21, 25, 'pcba', 28, 'A'],
  ['BOX-NR7-CTRL', 'Helix Contract Manufacturing', 'Box build NR-7 controller unit', 'Final assembly of the NR-7 controller: PCBA, enclosure, harness, label and end-of-line test', 96, 10, 'pcba', 42, 'A'],
  ['ENC-CTRL-A-01', 'Granite Peak Enclosures', 'Die-cast enclosure CTRL-A', 'Die-cast aluminium enclosure with lid, powder coated RAL 7016, IP65', 14.2, 50, 'enclosure', 49, 'MH'],
  ['ENC-SHUB-B-02', 'Granite Peak Enclosures', 'PC/ABS enclosure SENSOR-HUB-B', 'Injection-moulded PC/ABS two-part enclosure, UL94 V-0, light grey', 3.8, 100, 'enclosure', 42, 'MH'],
  ['GSK-CTRL-A-01', 'Granite Peak Enclosures', 'Silicone gasket CTRL-A lid', 'Die-cut silicone gasket for CTRL-A lid, 2mm, 40 Shore A', 0.65, 100, 'enclosure', 21, 'MH'],
  ['HARN-24-0150', 'Tidewater Cable & Harness', 'Harness 24-pin 150mm Micro-Fit', '24-way Micro-Fit 3.0 harness, 150mm, 20AWG, heat-shrink labelled', 7.9, 50, 'harness', 28, 'W'],
  ['HARN-M12-8-2M', 'Tidewater Cable & Harness', 'M12 8-pos cable 2m shielded', 'M12 A-coded 8-pole overmoulded cable, 2m, shielded PUR jacket', 12.4, 50, 'harness', 35, 'W'],
  ['CBL-USB-C-1M', 'Tidewater Cable & Harness', 'USB-C to USB-C cable 1m', 'USB 2.0 Type-C to Type-C cable, 1m, 3A, black', 2.1, 100, 'harness', 21, 'W'],
];

const PARTS: Part[] = PART_TUPLES.map(
  ([mpn, manufacturer, title, description, price, pack, category, leadTime, designator]) => ({
    mpn,
    manufacturer,
    title,
    description,
    price,
    pack,
    category,
    leadTime,
    designator,
  }),
);

/** How many packs one order line asks for, by category. */
const PACKS: Record<Category, [number, number]> = {
  passive: [2, 8],
  semi: [2, 10],
  connector: [2, 8],
  pcb: [2, 12],
  pcba: [2, 10],
  enclosure: [2, 8],
  harness: [2, 8],
};

// ---------------------------------------------------------------- people and vendors

interface VendorSpec {
  name: string;
  domain: string;
  categories: Category[];
  orders: number;
  items: [number, number];
  user?: { firstName: string; lastName: string };
}

const VENDORS: VendorSpec[] = [
  {
    name: 'Voltaris Components',
    domain: 'voltaris',
    categories: ['passive', 'semi', 'connector'],
    orders: 10,
    items: [6, 15],
    user: { firstName: 'Mara', lastName: 'Voss' },
  },
  {
    name: 'Brightline Electronics Supply',
    domain: 'brightline',
    categories: ['semi', 'connector'],
    orders: 9,
    items: [6, 15],
    user: { firstName: 'Jonah', lastName: 'Reyes' },
  },
  { name: 'Keystone Passives GmbH', domain: 'keystone-passives', categories: ['passive'], orders: 8, items: [5, 14] },
  {
    name: 'Meridian Semiconductor Distribution',
    domain: 'meridian-semi',
    categories: ['semi'],
    orders: 8,
    items: [6, 16],
  },
  {
    name: 'Pinecrest Circuits',
    domain: 'pinecrest-circuits',
    categories: ['pcb'],
    orders: 5,
    items: [1, 3],
    user: { firstName: 'Priya', lastName: 'Natarajan' },
  },
  { name: 'Helix Contract Manufacturing', domain: 'helix-cm', categories: ['pcba'], orders: 4, items: [1, 3] },
  { name: 'Granite Peak Enclosures', domain: 'granitepeak', categories: ['enclosure'], orders: 3, items: [1, 3] },
  { name: 'Tidewater Cable & Harness', domain: 'tidewater-cable', categories: ['harness'], orders: 3, items: [1, 3] },
];

interface StaffSpec {
  email: string;
  firstName: string;
  lastName: string;
  role: 'admin' | 'buyer';
  phone: string;
}

const STAFF: StaffSpec[] = [
  {
    email: 'admin@northwind.example',
    firstName: 'Rosa',
    lastName: 'Lindqvist',
    role: 'admin',
    phone: '+49 30 5557 0100',
  },
  {
    email: 'ada.buyer@northwind.example',
    firstName: 'Ada',
    lastName: 'Okafor',
    role: 'buyer',
    phone: '+49 30 5557 0121',
  },
  {
    email: 'ben.buyer@northwind.example',
    firstName: 'Ben',
    lastName: 'Hartmann',
    role: 'buyer',
    phone: '+49 30 5557 0122',
  },
];

const vendorEmail = (v: VendorSpec) => `sales@${v.domain}.example`;

/** Who can sign in to the demo, all with DEMO_PASSWORD. */
export const DEMO_LOGINS: DemoLogin[] = [
  ...STAFF.map((s) => ({ email: s.email, role: s.role, name: `${s.firstName} ${s.lastName}` })),
  ...VENDORS.flatMap((v) =>
    v.user
      ? [
          {
            email: vendorEmail(v),
            role: 'vendor' as const,
            name: `${v.user.firstName} ${v.user.lastName}`,
            vendorName: v.name,
          },
        ]
      : [],
  ),
  // Last, so that the first buyer and vendor of the list stay Northwind's.
  ...SECOND_CUSTOMER_STAFF.map((s) => ({
    email: s.email,
    role: s.role,
    name: `${s.firstName} ${s.lastName}`,
    organization: SECOND_CUSTOMER,
  })),
];

// ---------------------------------------------------------------- BOMs

/** [mpn, required quantity per build, alternative mpns, do not place]. */
type BomLineSpec = [string, number, string[]?, boolean?];

const BOMS: {
  uniqueName: string;
  partNumber: string;
  approved: boolean;
  metadata: Record<string, string>;
  lines: BomLineSpec[];
}[] = [
  {
    uniqueName: 'CTRL-BOARD-A',
    partNumber: 'NW-100-2031',
    approved: true,
    metadata: { product: 'NR-7 robot controller', revision: '3', owner: 'Hardware engineering' },
    lines: [
      ['STM32F405RGT6', 1],
      ['W25Q128JVSIQ', 1],
      ['24LC256-I/SN', 1],
      ['KSZ8081RNACA-TR', 1],
      ['TCAN1042VDRQ1', 2],
      ['TPS62130RGTR', 2],
      ['LP5907MFX-3.3/NOPB', 1, ['AP2112K-3.3TRG1']],
      ['USB4105-GF-A', 1],
      ['USBLC6-2SC6', 1],
      ['ABM8-25.000MHZ-B2-T', 1],
      ['ECS-.327-12.5-34B-TR', 1],
      ['GRM188R71H104KA93D', 24, ['CL10B104KB8NNNC']],
      ['GRM21BR61E106KA73L', 6],
      ['CL10A106KP8NNNC', 4],
      ['GCM1885C1H101JA16D', 4],
      ['RC0603FR-0710KL', 18, ['ERJ-3EKF1002V']],
      ['RC0603FR-074K7L', 6],
      ['ERJ-3EKF1001V', 8],
      ['CRCW060322R0FKEA', 4],
      ['BLM18PG221SN1D', 3],
      ['XAL4030-472MEC', 2],
      ['1N4148W-7-F', 2],
      ['SMBJ24A', 1],
      ['LTST-C191KGKT', 3],
      ['43650-0300', 2],
      ['61300611121', 1, [], true],
      ['SM06B-GHS-TB(LF)(SN)', 1],
      ['PCB-CTRL-A-R3', 1],
    ],
  },
  {
    uniqueName: 'SENSOR-HUB-B',
    partNumber: 'NW-100-2047',
    approved: false,
    metadata: { product: 'Sensor hub for the NR-7 arm', revision: '1', owner: 'Hardware engineering' },
    lines: [
      ['ATSAMD21G18A-AU', 1],
      ['LSM6DSOXTR', 1],
      ['BME280', 1],
      ['ICM-42688-P', 1],
      ['AP2112K-3.3TRG1', 1],
      ['SN65HVD230DR', 1],
      ['ECS-.327-12.5-34B-TR', 1],
      ['CL05B104KO5NNNC', 14],
      ['CL10A106KP8NNNC', 3],
      ['C0603C102K5RACTU', 2],
      ['T491A106K016AT', 1],
      ['RC0402FR-070RL', 4],
      ['RC0603FR-0710KL', 6],
      ['RC0603FR-074K7L', 2],
      ['BSS138LT1G', 2],
      ['SI2302CDS-T1-GE3', 1],
      ['PMEG3020EH,115', 1],
      ['LTST-C191KGKT', 2],
      ['B2B-PH-K-S(LF)(SN)', 2],
      ['SM06B-GHS-TB(LF)(SN)', 1],
      ['0ZCJ0050FF2E', 1],
      ['PCB-SHUB-B-R1', 1],
    ],
  },
];

// ---------------------------------------------------------------- helpers

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSource(seed: number) {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)],
    shuffle: <T>(values: readonly T[]): T[] => {
      const out = [...values];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function money(value: number): string {
  if (value < 0.01) return value.toFixed(5);
  if (value < 1) return value.toFixed(4);
  return value.toFixed(2);
}

/** Easter Sunday (anonymous Gregorian algorithm), as UTC milliseconds. */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** Public holidays in Berlin for a year. */
function berlinHolidays(year: number): string[] {
  const e = easter(year);
  const fixed = ['01-01', '03-08', '05-01', '10-03', '12-25', '12-26'].map((md) => `${year}-${md}`);
  const moving = [-2, 1, 39, 50].map((offset) => isoDay(e + offset * DAY_MS));
  return [...fixed, ...moving].sort();
}

async function insertAll<T extends keyof Database>(
  tx: Transaction<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

/** True while the database holds no organization (a fresh install). */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('sid').limit(1).executeTakeFirst();
  return row === undefined;
}

// ---------------------------------------------------------------- the seed

interface Actor {
  sid: string;
  name: string;
}

interface GroupPlan {
  row: Insertable<Database['itemGroups']> & { created: Date; dueDate: string };
  order: OrderPlan;
  item: Insertable<Database['items']> & { created: Date };
  part: Part;
  dueOffset: number;
  /** The ship date first promised, when the vendor later moved it. */
  promisedShip: string | null;
  events: number;
}

interface OrderPlan {
  row: Insertable<Database['orders']> & { sid: string; created: Date; uniqueName: string };
  vendor: VendorSpec;
  vendorSid: string;
  buyer: Actor;
  vendorUser: Actor | null;
  ageDays: number;
}

/**
 * Loads the demo organization in one transaction. Run it on an empty
 * database: user emails are unique across organizations.
 */
export async function seedDemo(
  db: Kysely<Database>,
  options: { today?: Date; publicUrl?: string } = {},
): Promise<{ organizationSid: string; counts: Record<string, number> }> {
  const today = options.today ?? new Date();
  const nowMs = today.getTime();
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const day = (offset: number) => isoDay(midnight + offset * DAY_MS);
  const dayDiff = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - midnight) / DAY_MS);
  /** A moment `daysAgo` days before today at the given UTC hour, never after `today`. */
  const at = (daysAgo: number, hours: number) =>
    new Date(Math.min(midnight - daysAgo * DAY_MS + hours * HOUR_MS, nowMs));
  const clamp = (ms: number) => new Date(Math.min(ms, nowMs));
  /** Moves a weekend date to the Friday before (back) or the Monday after (forward). */
  const weekday = (offset: number, back: boolean) => {
    const dow = new Date(midnight + offset * DAY_MS).getUTCDay();
    if (dow === 6) return back ? offset - 1 : offset + 2;
    if (dow === 0) return back ? offset - 2 : offset + 1;
    return offset;
  };

  const rnd = randomSource(20260417);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const organizationSid = newSid('OG');
  const owned = (prefix: string, created: Date, updated: Date = created) => ({
    sid: newSid(prefix),
    organizationSid,
    created,
    updated,
  });
  const orgCreated = at(120, 9);

  // Vendors and users.
  const vendorRows = VENDORS.map((v) => ({ ...owned('VE', orgCreated), name: v.name, email: vendorEmail(v) }));
  const userRows: Insertable<Database['users']>[] = [];
  const userVendorRows: Insertable<Database['userVendors']>[] = [];
  const staff: Actor[] = [];
  for (const s of STAFF) {
    const row = {
      ...owned('US', orgCreated),
      email: s.email,
      firstName: s.firstName,
      lastName: s.lastName,
      phoneNumber: s.phone,
      passwordHash,
      role: s.role,
      employee: true,
    };
    userRows.push(row);
    staff.push({ sid: row.sid, name: `${s.firstName} ${s.lastName}` });
  }
  const buyers = staff.slice(1);
  const vendorActors = new Map<VendorSpec, Actor>();
  VENDORS.forEach((v, i) => {
    if (!v.user) return;
    const row = {
      ...owned('US', at(100 - i, 10)),
      email: vendorEmail(v),
      firstName: v.user.firstName,
      lastName: v.user.lastName,
      phoneNumber: null,
      passwordHash,
      role: 'vendor' as const,
      employee: false,
    };
    userRows.push(row);
    userVendorRows.push({ userSid: row.sid, vendorSid: vendorRows[i].sid });
    vendorActors.set(v, { sid: row.sid, name: `${v.user.firstName} ${v.user.lastName}` });
  });

  // Cadences.
  const cadenceDefault = {
    ...owned('CA', orgCreated),
    delaySeconds: 604_800,
    unresponsiveAfterBusinessDays: 5,
    maxAttempts: 5,
    messageType: 'email',
    title: 'Default follow-up',
  };
  const cadenceWeekly = {
    ...owned('CA', orgCreated),
    delaySeconds: 604_800,
    unresponsiveAfterBusinessDays: 3,
    maxAttempts: null,
    messageType: 'email',
    title: 'Weekly escalation',
  };
  const cadenceShipDate = {
    ...owned('CA', orgCreated),
    delaySeconds: 0,
    unresponsiveAfterBusinessDays: 2,
    maxAttempts: 1,
    messageType: 'email',
    title: 'On ship date',
  };
  const cadenceRows = [cadenceDefault, cadenceWeekly, cadenceShipDate];
  const transitionRows = [
    {
      ...owned('TR', orgCreated),
      cadenceSid: cadenceDefault.sid,
      condition: 'MaxAttempts' as const,
      conditionParameters: JSON.stringify({ maxAttempts: 5 }),
      action: 'SwitchCadence' as const,
      actionParameters: JSON.stringify({ cadenceSid: cadenceWeekly.sid }),
      title: 'Escalate to weekly after 5 unanswered requests',
    },
  ];
  const year = today.getUTCFullYear();
  const settingsRow = {
    ...owned('OS', orgCreated),
    defaultTimeZone: 'Europe/Berlin',
    defaultUnresponsiveAfterBusinessDays: 5,
    defaultItemGroupCadence: cadenceDefault.sid,
    sendAutomatedUpdateRequests: true,
    pastDueBusinessDays: 1,
    defaultPastDueCadenceSid: cadenceWeekly.sid,
    holidays: [...berlinHolidays(year), ...berlinHolidays(year + 1)],
  };

  // Orders, oldest first: PO numbers grow with time.
  const vendorOrder = rnd.shuffle(VENDORS.flatMap((v, i) => Array.from({ length: v.orders }, () => i)));
  let poNumber = 24000;
  const orders: OrderPlan[] = vendorOrder.map((vi, n) => {
    const vendor = VENDORS[vi];
    poNumber += rnd.int(1, 3);
    const ageDays = Math.max(3, 90 - Math.floor((n * 86) / vendorOrder.length) - rnd.int(0, 1));
    const created = at(ageDays, rnd.int(7, 16) + rnd.next());
    const buyer = buyers[n % 2 === 0 ? 0 : 1];
    return {
      row: {
        ...owned('OR', created),
        vendorSid: vendorRows[vi].sid,
        vendorName: vendor.name,
        uniqueName: `PO-${poNumber}`,
        title: '',
      },
      vendor,
      vendorSid: vendorRows[vi].sid,
      buyer,
      vendorUser: vendorActors.get(vendor) ?? null,
      ageDays,
    };
  });

  const items: GroupPlan['item'][] = [];
  const groups: GroupPlan[] = [];
  const groupCount = [1, 1, 2, 2, 2, 3, 3, 4, 4, 5];
  const trackingNumber = () => `1Z${rnd.int(100, 999)}E${rnd.int(10, 99)}${rnd.int(1000, 9999)}${rnd.int(1000, 9999)}`;
  for (const order of orders) {
    const catalog = PARTS.filter((p) => order.vendor.categories.includes(p.category));
    const lines = rnd.shuffle(catalog).slice(0, Math.min(catalog.length, rnd.int(...order.vendor.items)));
    order.row.title = orderTitle(order.vendor, lines, rnd.pick);
    const transit = order.vendor.categories.includes('pcba') || order.vendor.categories.includes('enclosure') ? 5 : 3;
    lines.forEach((part, li) => {
      const quantityPacks = rnd.int(...PACKS[part.category]);
      const quantity = quantityPacks * part.pack;
      const created = new Date(order.row.created.getTime() + (li + 1) * 1000);
      const rev = /-R(\d+)$/.exec(part.mpn);
      const item = {
        ...owned('IT', created),
        orderSid: order.row.sid,
        uniqueName: String((li + 1) * 10),
        title: part.title,
        quantity: String(quantity),
        pricePerUnit: money(part.price * (0.9 + 0.2 * rnd.next())),
        nonRecurringCost:
          (part.category === 'pcb' || part.category === 'pcba') && rnd.chance(0.5) ? money(rnd.int(3, 24) * 50) : null,
        leadTime: part.leadTime,
        shipTime: transit,
        lineNumber: (li + 1) * 10,
        description: `${part.manufacturer} ${part.mpn}: ${part.description}`,
        manufacturerPartNumber: part.mpn,
        revision: rev ? rev[1] : null,
      };
      items.push(item);

      // Split the quantity over 1–5 deliveries, in whole packs.
      const n = Math.min(rnd.pick(groupCount), quantityPacks);
      const cuts = rnd
        .shuffle(Array.from({ length: quantityPacks - 1 }, (_, k) => k + 1))
        .slice(0, n - 1)
        .sort((a, b) => a - b);
      const bounds = [0, ...cuts, quantityPacks];
      const offsets = Array.from({ length: n }, () => {
        const r = rnd.next();
        const maxPast = Math.min(30, order.ageDays - 3);
        if (r < 0.16 && maxPast >= 1) return weekday(-rnd.int(1, maxPast), true);
        if (r < 0.28) return weekday(rnd.int(0, 4), false);
        return weekday(rnd.int(7, 182), false);
      }).sort((a, b) => a - b);
      offsets.forEach((dueOffset, gi) => {
        const groupCreated = new Date(created.getTime() + gi * 100);
        const plan = planGroup(dueOffset, transit);
        groups.push({
          row: {
            ...owned('IG', groupCreated),
            orderSid: order.row.sid,
            itemSid: item.sid,
            uniqueName: String(gi + 1),
            quantity: String((bounds[gi + 1] - bounds[gi]) * part.pack),
            dueDate: day(dueOffset),
            ...plan.fields,
          },
          order,
          item,
          part,
          dueOffset,
          promisedShip: plan.promisedShip,
          events: 0,
        });
      });
    });
  }

  /** The vendor's side of one delivery: confirmation, dates, shipment. */
  function planGroup(due: number, transit: number) {
    const fields = {
      shipDate: null as string | null,
      deliveryDate: null as string | null,
      estimatedArrivalDate: null as string | null,
      shipped: false,
      delivered: false,
      trackingNumber: null as string | null,
      status: 'active' as 'active' | 'canceled',
      confirmed: false,
    };
    let promisedShip: string | null = null;
    const t = transit + rnd.int(-1, 2);
    const r = rnd.next();
    if (rnd.chance(0.03)) {
      fields.status = 'canceled';
    } else if (due < 0) {
      if (r < 0.2) {
        const delivered = Math.min(due + rnd.int(-2, 4), -1);
        Object.assign(fields, {
          confirmed: true,
          shipped: true,
          delivered: true,
          trackingNumber: trackingNumber(),
          shipDate: day(delivered - t),
          deliveryDate: day(delivered),
          estimatedArrivalDate: day(delivered),
        });
      } else if (r < 0.36) {
        const ship = -rnd.int(1, 5);
        Object.assign(fields, {
          confirmed: true,
          shipped: true,
          trackingNumber: trackingNumber(),
          shipDate: day(ship),
          estimatedArrivalDate: day(Math.max(ship + t, rnd.int(0, 2))),
        });
      } else if (rnd.chance(0.45)) {
        const ship = weekday(rnd.int(1, 14), false);
        Object.assign(fields, { confirmed: true, shipDate: day(ship), estimatedArrivalDate: day(ship + t) });
      }
    } else if (due <= 6) {
      if (r < 0.12) {
        const ship = -rnd.int(1, 4);
        Object.assign(fields, {
          confirmed: true,
          shipped: true,
          trackingNumber: trackingNumber(),
          shipDate: day(ship),
          estimatedArrivalDate: day(Math.max(ship + t, due)),
        });
      } else if (r < 0.7) {
        const ship = weekday(Math.max(due - t, 0), false);
        Object.assign(fields, { confirmed: true, shipDate: day(ship), estimatedArrivalDate: day(ship + t) });
      }
    } else if (r < 0.53) {
      const planned = weekday(Math.max(due - t, 3), true);
      let ship = planned;
      const s = rnd.next();
      if (s < 0.17) ship = weekday(planned + rnd.int(3, 21), false);
      else if (s < 0.22) ship = weekday(Math.max(planned - rnd.int(2, 7), 3), true);
      if (ship !== planned) promisedShip = day(planned);
      Object.assign(fields, { confirmed: true, shipDate: day(ship), estimatedArrivalDate: day(ship + t) });
    }
    return { fields, promisedShip };
  }

  // History: every record's creation, then ~200 vendor or buyer updates.
  const eventRows: Insertable<Database['events']>[] = [];
  const created = (
    type: string,
    actor: Actor,
    when: Date,
    refs: { orderSid: string; itemSid?: string; itemGroupSid?: string },
    after: unknown,
  ) => {
    eventRows.push({
      ...owned('EV', when),
      eventTime: when,
      eventType: type,
      orderSid: refs.orderSid,
      itemSid: refs.itemSid ?? null,
      itemGroupSid: refs.itemGroupSid ?? null,
      actorSid: actor.sid,
      actorName: actor.name,
      after: JSON.stringify(after),
    });
  };
  const iso = (d: Date) => d.toISOString();
  for (const o of orders) {
    const r = o.row;
    created(
      'order.created',
      o.buyer,
      r.created,
      { orderSid: r.sid },
      {
        sid: r.sid,
        created: iso(r.created),
        updated: iso(r.created),
        vendorSid: o.vendorSid,
        vendorName: o.vendor.name,
        organizationSid,
        uniqueName: r.uniqueName,
        title: r.title,
      },
    );
  }
  const orderBySid = new Map(orders.map((o) => [o.row.sid, o]));
  for (const i of items) {
    const o = orderBySid.get(i.orderSid);
    if (!o) continue;
    created(
      'item.created',
      o.buyer,
      i.created,
      { orderSid: i.orderSid, itemSid: i.sid },
      {
        sid: i.sid,
        created: iso(i.created),
        updated: iso(i.created),
        orderSid: i.orderSid,
        uniqueName: i.uniqueName,
        title: i.title,
        status: 'active',
        quantity: i.quantity,
        pricePerUnit: i.pricePerUnit,
        nonRecurringCost: i.nonRecurringCost,
        leadTime: i.leadTime,
        shipTime: i.shipTime,
        organizationSid,
        lineNumber: i.lineNumber,
        description: i.description,
        manufacturerPartNumber: i.manufacturerPartNumber,
        revision: i.revision,
      },
    );
  }
  for (const g of groups) {
    const r = g.row;
    created(
      'itemGroup.created',
      g.order.buyer,
      r.created,
      { orderSid: r.orderSid, itemSid: r.itemSid, itemGroupSid: r.sid },
      {
        sid: r.sid,
        created: iso(r.created),
        updated: iso(r.created),
        itemSid: r.itemSid,
        quantity: r.quantity,
        dueDate: r.dueDate,
        shipDate: null,
        deliveryDate: null,
        shipped: false,
        delivered: false,
        trackingNumber: null,
        version: 1,
        lastUpdateDate: null,
        estimatedArrivalDate: null,
        uniqueName: r.uniqueName,
        orderSid: r.orderSid,
        organizationSid,
        status: 'active',
        confirmed: false,
      },
    );
  }

  const delays: { group: GroupPlan; from: string; to: string; at: Date }[] = [];
  const update = (g: GroupPlan, when: Date, before: Record<string, unknown>, after: Record<string, unknown>) => {
    const actor = g.order.vendorUser ?? g.order.buyer;
    const eventTime = new Date(Math.max(when.getTime(), g.row.created.getTime() + HOUR_MS));
    eventRows.push({
      ...owned('EV', eventTime),
      eventTime,
      eventType: 'itemGroup.updated',
      orderSid: g.row.orderSid,
      itemSid: g.row.itemSid,
      itemGroupSid: g.row.sid,
      actorSid: actor.sid,
      actorName: actor.name,
      before: JSON.stringify(before),
      after: JSON.stringify(after),
    });
    g.events += 1;
    g.row.version = 1 + g.events;
    g.row.lastUpdateDate = eventTime;
    if (g.order.vendorUser) g.row.vendorChangedAt = eventTime;
    g.row.updated = eventTime;
    return eventTime;
  };
  const between = (g: GroupPlan, from: number, to: number) => {
    const start = g.row.created.getTime();
    return clamp(start + (nowMs - start) * (from + (to - from) * rnd.next()));
  };
  const withShipDates = rnd.shuffle(groups.filter((g) => g.row.status === 'active' && g.row.shipDate));
  // Moved ship dates first, then confirmations, shipments and deliveries.
  const ordered = [...withShipDates.filter((g) => g.promisedShip), ...withShipDates.filter((g) => !g.promisedShip)];
  let updates = 0;
  for (const g of ordered) {
    if (updates >= 200) break;
    const r = g.row;
    if (g.promisedShip && r.shipDate) {
      const movedAt = update(g, between(g, 0.5, 0.98), { shipDate: g.promisedShip }, { shipDate: r.shipDate });
      updates += 1;
      if (r.shipDate > g.promisedShip) delays.push({ group: g, from: g.promisedShip, to: r.shipDate, at: movedAt });
    } else if (r.delivered) {
      update(
        g,
        at(-dayDiff(r.deliveryDate ?? day(-1)), 11),
        { delivered: false, deliveryDate: null },
        { delivered: true, deliveryDate: r.deliveryDate },
      );
      updates += 1;
    } else if (r.shipped) {
      update(
        g,
        at(-dayDiff(r.shipDate ?? day(-1)), 15),
        { shipped: false, trackingNumber: null },
        { shipped: true, trackingNumber: r.trackingNumber },
      );
      updates += 1;
    } else {
      update(
        g,
        between(g, 0.1, 0.6),
        { confirmed: false, shipDate: null, estimatedArrivalDate: null },
        { confirmed: true, shipDate: r.shipDate, estimatedArrivalDate: r.estimatedArrivalDate },
      );
      updates += 1;
    }
  }
  for (const g of groups) {
    if (g.row.confirmed && !g.row.lastUpdateDate) g.row.lastUpdateDate = between(g, 0.05, 0.4);
  }

  // Flags.
  const flagRows: Insertable<Database['flags']>[] = [];
  const flag = (
    type: Insertable<Database['flags']>['type'],
    g: GroupPlan,
    when: Date,
    message: string,
    index: number,
  ) => {
    const status = index % 5 === 4 ? 'resolved' : index % 8 === 6 ? 'dismissed' : 'open';
    const updated = status === 'open' ? when : clamp(when.getTime() + rnd.int(4, 60) * HOUR_MS);
    flagRows.push({
      ...owned('FL', when, updated),
      type,
      status,
      message,
      dismissed: status === 'dismissed' ? updated : null,
      orderSid: g.row.orderSid,
      itemSid: g.row.itemSid,
      itemGroupSid: g.row.sid,
    });
  };
  const label = (g: GroupPlan) => `${g.order.row.uniqueName} line ${String(g.item.uniqueName)} (${g.part.mpn})`;
  rnd
    .shuffle(groups.filter((g) => g.row.status === 'active' && g.dueOffset < 0 && !g.row.confirmed && !g.row.shipped))
    .slice(0, 16)
    .forEach((g, i) => {
      flag(
        'pastDue',
        g,
        at(-g.dueOffset - 1, 6),
        `${label(g)} was due ${g.row.dueDate} and ${g.order.vendor.name} has not confirmed a ship date.`,
        i,
      );
    });
  delays.slice(0, 12).forEach((d, i) => {
    const days = dayDiff(d.to) - dayDiff(d.from);
    flag(
      'newDelay',
      d.group,
      d.at,
      `${d.group.order.vendor.name} moved the ship date of ${label(d.group)} from ${d.from} to ${d.to} (+${days} days).`,
      i,
    );
  });
  rnd
    .shuffle(
      groups.filter(
        (g) =>
          g.row.status === 'active' &&
          g.dueOffset > 6 &&
          !g.row.confirmed &&
          g.order.ageDays > 21 &&
          !g.order.vendorUser,
      ),
    )
    .slice(0, 8)
    .forEach((g, i) => {
      flag(
        'unresponsiveVendor',
        g,
        at(rnd.int(1, 10), 7),
        `No answer from ${g.order.vendor.name} to 5 update requests about ${label(g)}.`,
        i,
      );
    });

  // Messages: buyer questions with vendor replies, and buyer notes.
  const messageRows: Insertable<Database['messages']>[] = [];
  const linkRows: Insertable<Database['messageLinks']>[] = [];
  const message = (author: Actor, when: Date, content: string, g: GroupPlan, orderOnly = false) => {
    const row = {
      ...owned('MS', when),
      outboundEmailReplySid: null,
      author: author.name,
      authorSid: author.sid,
      content,
    };
    messageRows.push(row);
    linkRows.push({
      messageSid: row.sid,
      orderSid: g.row.orderSid,
      itemSid: orderOnly ? null : g.row.itemSid,
      itemGroupSid: orderOnly ? null : g.row.sid,
    });
    return row;
  };
  const active = groups.filter((g) => g.row.status === 'active' && g.order.ageDays > 6);
  const threads = rnd.shuffle(active.filter((g) => g.order.vendorUser)).slice(0, 12);
  threads.forEach((g, i) => {
    const vendorUser = g.order.vendorUser;
    if (!vendorUser) return;
    const r = g.row;
    const asked = at(rnd.int(2, Math.min(25, g.order.ageDays - 2)), rnd.int(8, 15));
    const first = vendorUser.name.split(' ')[0];
    message(
      g.order.buyer,
      asked,
      `Hi ${first}, could you confirm the ship date for ${label(g)}, ${r.quantity} pcs? We need it on our dock by ${r.dueDate}.`,
      g,
    );
    const reply = r.shipped
      ? `Shipped on ${String(r.shipDate)} via UPS, tracking ${String(r.trackingNumber)}. Delivery expected ${String(r.estimatedArrivalDate)}.`
      : r.confirmed
        ? `Confirmed: ${r.quantity} pcs of ${g.part.mpn} will ship on ${String(r.shipDate)}, arriving around ${String(r.estimatedArrivalDate)}.`
        : `We are still waiting on the factory allocation for ${g.part.mpn}. I expect a firm date by ${day(weekday(rnd.int(2, 6), false))} and will update the line then.`;
    const replied = clamp(asked.getTime() + rnd.int(2, 26) * HOUR_MS);
    message(vendorUser, replied, reply, g);
    if (i < 5)
      flag('directReply', g, replied, `${vendorUser.name} replied by email instead of updating ${label(g)}.`, i);
  });
  const notes = [
    (g: GroupPlan) =>
      `Called ${g.order.vendor.name}: ${g.part.mpn} is allocated, they expect to ship next week. Following up Friday.`,
    (g: GroupPlan) =>
      `Escalated ${g.order.row.uniqueName} to the ${g.order.vendor.name} account manager; the CTRL-BOARD-A build is at risk if this slips again.`,
    (g: GroupPlan) =>
      `We can accept a partial shipment of ${g.row.quantity} pcs to keep the line running. Please split the delivery if it helps.`,
    (g: GroupPlan) =>
      `Price on ${g.part.mpn} confirmed at ${String(g.item.pricePerUnit)} per unit; quote attached to the PO in the ERP.`,
    (g: GroupPlan) => `Engineering approved an alternate for ${g.part.mpn} if the lead time goes past ${day(30)}.`,
    (g: GroupPlan) =>
      `Reminder: our dock receives Monday to Friday, 07:00–15:00 only; please have the carrier book a slot for ${g.order.row.uniqueName}.`,
  ];
  rnd
    .shuffle(active.filter((g) => !g.order.vendorUser))
    .slice(0, notes.length)
    .forEach((g, i) => {
      message(
        g.order.buyer,
        at(rnd.int(1, Math.min(20, g.order.ageDays - 2)), rnd.int(9, 17)),
        notes[i](g),
        g,
        i % 2 === 1,
      );
    });

  // Order members: the buyer tracks, the vendor's user updates.
  const memberRows: Insertable<Database['orderMembers']>[] = orders.flatMap((o) => [
    { ...owned('OM', o.row.created), orderSid: o.row.sid, memberSid: o.buyer.sid, type: 'tracking' as const },
    ...(o.vendorUser
      ? [{ ...owned('OM', o.row.created), orderSid: o.row.sid, memberSid: o.vendorUser.sid, type: 'updating' as const }]
      : []),
  ]);

  // BOMs and inventory.
  const partByMpn = new Map(PARTS.map((p) => [p.mpn, p]));
  const bomRows: Insertable<Database['boms']>[] = [];
  const bomLineRows: Insertable<Database['bomLines']>[] = [];
  const inventoryRows: Insertable<Database['inventoryCounts']>[] = [];
  const counted = new Set<string>();
  BOMS.forEach((spec, bi) => {
    const bomCreated = at(60 - bi * 25, 11);
    const bom = {
      ...owned('BO', bomCreated),
      uniqueName: spec.uniqueName,
      partNumber: spec.partNumber,
      approved: spec.approved,
      metadata: JSON.stringify(spec.metadata),
    };
    bomRows.push(bom);
    const next = new Map<string, number>();
    spec.lines.forEach(([mpn, perBuild, alternatives = [], doNotPlace = false], li) => {
      const part = partByMpn.get(mpn);
      const prefix = part?.designator ?? 'U';
      const start = next.get(prefix) ?? 1;
      const designators = prefix === '' ? [] : Array.from({ length: perBuild }, (_, k) => `${prefix}${start + k}`);
      next.set(prefix, start + perBuild);
      bomLineRows.push({
        ...owned('BL', new Date(bomCreated.getTime() + li)),
        bomSid: bom.sid,
        uniqueName: mpn,
        requiredQuantity: String(perBuild),
        customId: `NW-${part?.category === 'passive' ? '10' : part?.category === 'semi' ? '20' : '30'}-${pad(li + 1 + bi * 40, 4)}`,
        mpn,
        alternativeMpns: alternatives,
        manufacturerName: part?.manufacturer ?? null,
        referenceDesignators: designators,
        description: part?.description ?? null,
        doNotPlace,
        lineNumber: String(li + 1),
      });
      if (counted.has(mpn) || rnd.chance(0.03)) return;
      counted.add(mpn);
      // Most parts are on the shelf for a few dozen builds; a few are short, so each BOM builds a handful today and
      // waits on its vendors' promises for more (the forecast's point).
      const builds = rnd.chance(0.12) ? rnd.int(0, 6) : rnd.int(15, 80);
      const loose = rnd.int(0, Math.max(1, Math.floor((part?.pack ?? 100) / 10)));
      inventoryRows.push({
        ...owned('IC', today),
        uniqueName: mpn,
        title: part?.title ?? null,
        count: builds * perBuild + (builds === 0 ? 0 : loose),
        recordingDate: today,
      });
    });
  });

  // A build target per BOM, a few weeks out and the first BOM's first, so the forecast has a line to reach and shared
  // parts an order to go in.
  const targetRows: Insertable<Database['clearToBuildTargets']>[] = bomRows.map((bom, bi) => ({
    ...owned('CT', today),
    bomSid: bom.sid,
    quantity: String(Math.max(10, 40 - bi * 10)),
    durationLength: 4 + bi * 2,
    durationType: 'week' as const,
    startDate: today,
  }));

  // A field mapping for the ERP's open-order export.
  const mappingCreated = at(85, 10);
  const mappingRow = {
    ...owned('FM', mappingCreated),
    name: 'ERP open orders (CSV)',
    importAllowed: true,
    exportAllowed: true,
  };
  const mappedRows = [
    ['PO Number', 'orderUniqueName'],
    ['Supplier', 'vendorName'],
    ['Line', 'itemUniqueName'],
    ['Mfr Part #', 'manufacturerPartNumber'],
    ['Description', 'description'],
    ['Qty Ordered', 'quantity'],
    ['Unit Price', 'pricePerUnit'],
    ['Need Date', 'dueDate'],
    ['Schedule Line', 'itemGroupUniqueName'],
  ].map(([name, mappedFieldType]) => ({
    ...owned('MF', mappingCreated),
    fieldMappingSid: mappingRow.sid,
    name,
    mappedFieldType,
  }));

  const groupRows = groups.map((g) => g.row);
  const orgRow = {
    sid: organizationSid,
    name: ORGANIZATION,
    logo100x100: null,
    // The documented host snippet (docs/embedding.md) works as written from this intranet.
    embedOrigins: [DEMO_EMBED_ORIGIN],
    created: orgCreated,
    updated: orgCreated,
  };
  await db.transaction().execute(async (tx) => {
    await insertAll(tx, 'organizations', [orgRow]);
    await insertAll(tx, 'vendors', vendorRows);
    await insertAll(tx, 'users', userRows);
    await insertAll(tx, 'userVendors', userVendorRows);
    await insertAll(tx, 'cadences', cadenceRows);
    await insertAll(tx, 'cadenceTransitions', transitionRows);
    await insertAll(tx, 'organizationSettings', [settingsRow]);
    await insertAll(
      tx,
      'orders',
      orders.map((o) => o.row),
    );
    await insertAll(tx, 'orderMembers', memberRows);
    await insertAll(tx, 'items', items);
    await insertAll(tx, 'itemGroups', groupRows);
    await insertAll(tx, 'events', eventRows);
    await insertAll(tx, 'flags', flagRows);
    await insertAll(tx, 'messages', messageRows);
    // Each message's side, from its author's role: the buyers' questions are read, the vendors' replies are news.
    await sql`update messages m set author_role = u.role from users u
      where u.sid = m.author_sid and m.organization_sid = ${organizationSid}`.execute(tx);
    await insertAll(tx, 'messageLinks', linkRows);
    // A reply that could not be matched on arrival, waiting in the inbox: a colleague of a vendor's contact wrote
    // to the buyers' shared address, without a reply token, about one of the vendor's orders.
    const heldAbout = orders.find((o) => o.vendorUser !== null) ?? orders[0];
    await insertAll(tx, 'inboundEmails', [
      {
        ...owned('IE', new Date(nowMs - 2 * HOUR_MS)),
        fromEmail: `logistics@${heldAbout.vendor.domain}.example`,
        toEmails: ['purchasing@northwind.example'],
        ccEmails: [],
        subject: `${heldAbout.row.uniqueName}: partial shipment`,
        content: `Hello,\n\nwe can ship half of ${heldAbout.row.uniqueName} this week and the rest in two weeks. Please confirm this works for you.\n\nRegards,\nLogistics, ${heldAbout.vendor.name}`,
        date: new Date(nowMs - 2 * HOUR_MS),
        s3Bucket: null,
        s3Key: null,
        frontUrl: null,
        status: 'held',
        holdReason: 'It names no conversation: no reply token and no email of this organization it answers.',
        messageSid: null,
      },
    ]);
    await insertAll(tx, 'fieldMappings', [mappingRow]);
    await insertAll(tx, 'mappedFields', mappedRows);
    await insertAll(tx, 'boms', bomRows);
    await insertAll(tx, 'bomLines', bomLineRows);
    await insertAll(tx, 'inventoryCounts', inventoryRows);
    await insertAll(tx, 'clearToBuildTargets', targetRows);
  });
  const voltaris = VENDORS.find((v) => v.user && v.domain === 'voltaris');
  const second = voltaris
    ? await seedSecondCustomer(db, { today, passwordHash, voltarisUserEmail: vendorEmail(voltaris) })
    : null;
  // The engine's past weeks, run for real on what was just written.
  const followUp = await seedFollowUpHistory(db, {
    organizationSid,
    today,
    publicUrl: options.publicUrl ?? 'http://127.0.0.1:3000',
  });
  // The second customer's requests of the past weeks, to Voltaris among others (none answered yet).
  const secondFollowUp = second
    ? await seedFollowUpHistory(db, {
        organizationSid: second.organizationSid,
        today,
        publicUrl: options.publicUrl ?? 'http://127.0.0.1:3000',
      })
    : null;

  return {
    organizationSid,
    counts: {
      organizations: second ? 2 : 1,
      secondCustomerOrders: second?.orders ?? 0,
      secondCustomerItemGroups: second?.itemGroups ?? 0,
      secondCustomerUpdateRequests: secondFollowUp?.updateRequests ?? 0,
      organizationSettings: 1,
      vendors: vendorRows.length,
      users: userRows.length,
      userVendors: userVendorRows.length,
      cadences: cadenceRows.length,
      cadenceTransitions: transitionRows.length,
      orders: orders.length,
      orderMembers: memberRows.length,
      items: items.length,
      itemGroups: groupRows.length,
      events: eventRows.length,
      itemGroupUpdates: updates,
      flags: flagRows.length,
      messages: messageRows.length,
      messageLinks: linkRows.length,
      heldInboundEmails: 1,
      fieldMappings: 1,
      mappedFields: mappedRows.length,
      boms: bomRows.length,
      bomLines: bomLineRows.length,
      inventoryCounts: inventoryRows.length,
      clearToBuildTargets: targetRows.length,
      followUpRuns: followUp.runs,
      updateRequests: followUp.updateRequests,
      vendorAnswers: followUp.answers,
    },
  };
}

function orderTitle(vendor: VendorSpec, lines: Part[], pick: <T>(values: readonly T[]) => T): string {
  const first = lines[0];
  switch (first.category) {
    case 'pcb':
      return `Bare boards: ${lines.map((p) => p.title.replace('Bare PCB ', '')).join(', ')}`;
    case 'pcba':
      return `${vendor.name.split(' ')[0]} build lot: ${lines.map((p) => p.mpn).join(', ')}`;
    case 'enclosure':
      return pick([
        'Enclosures and gaskets, Q3 builds',
        'Mechanical parts for NR-7 controller',
        'Housings for SENSOR-HUB-B pilot',
      ]);
    case 'harness':
      return pick([
        'Cable harnesses for NR-7 final assembly',
        'Field cables and harnesses',
        'Harness restock for box build',
      ]);
    case 'passive':
      return pick([
        'Passives restock for CTRL-BOARD-A',
        'Capacitors and resistors, reels for SMT line',
        'Passives kit for SENSOR-HUB-B pilot run',
        'Crystals, inductors and passives',
      ]);
    default:
      return pick([
        `MCUs and power ICs for CTRL-BOARD-A (${first.mpn})`,
        'Semiconductors for SENSOR-HUB-B pilot build',
        'Allocation buy: MCUs and interface ICs',
        'Connectors and ICs for NR-7 controller',
        'Motor driver parts for MDRV-C',
      ]);
  }
}
