// Public holidays of a country (tag: organizationSettings): the preset the
// settings page offers for the organization's calendar.
import type { Hono } from 'hono';
import { GetPublicHolidaysQueryParams } from '../../src/api/generated/zod/follow-up/follow-up.zod.ts';
import { namedPublicHolidays } from '../domain/follow-up/calendar.ts';
import type { AppEnv } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { queryParams } from '../http/validate.ts';
import { principalOf, requireStaff } from './support.ts';

export function registerPublicHolidays(app: Hono<AppEnv>): void {
  app.get('/v1/publicHolidays', (c) => {
    requireStaff(principalOf(c));
    const params = queryParams(c, GetPublicHolidaysQueryParams);
    const [country, region] = params.country.split('-');
    try {
      return c.json({ holidays: namedPublicHolidays(country, params.year, region) });
    } catch (e) {
      if (e instanceof RangeError) throw badRequest(`No public holidays are known for ${params.country}.`, 'country');
      throw e;
    }
  });
}
