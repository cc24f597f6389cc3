// What every line of the portal needs to know about the customer it answers:
// its name, and whether new dates and splits wait for its approval.
import { createContext, useContext } from 'react';

export interface PortalSettings {
  /** The buying organization's approval mode: new dates and splits are sent as proposals. */
  approval: boolean;
  /** The customer's name, for "waiting for … to accept". */
  customer: string;
}

export const PortalSettingsContext = createContext<PortalSettings>({ approval: false, customer: 'the buyer' });

export const usePortalSettings = (): PortalSettings => useContext(PortalSettingsContext);
