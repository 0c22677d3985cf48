import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { profileSchema } from './schema.ts';
import { longFlag, type Setting } from './setting.ts';
import { settings } from './settings.ts';

const entries = Object.entries(settings) as [string, Setting][];

describe('the settings table', () => {
  it("names each setting as commander names its long flag (the key reaches the run's flags unchanged)", () => {
    for (const [key, entry] of entries) {
      const command = new Command().option(entry.flags);
      expect(command.options[0].attributeName(), longFlag(entry)).toBe(key);
    }
  });

  it('puts every profile key of a setting into the profile schema', () => {
    const properties = profileSchema.properties as Record<string, { properties?: Record<string, unknown> }>;
    for (const [, entry] of entries) {
      if (!entry.profile) continue;
      const [field, sub] = entry.profile.key.split('.');
      const property = sub ? properties[field].properties?.[sub] : properties[field];
      expect(property, entry.profile.key).toMatchObject(entry.profile.schema);
    }
  });

  it('lists Locust’s basics first, as --help shows them', () => {
    expect(entries.slice(0, 5).map(([, entry]) => entry.flags.split(',')[0])).toEqual([
      '-u',
      '-r',
      '-t',
      '-H',
      '-f',
    ]);
  });

  it('gives each flag one line of doc and a flag it needs only where that flag exists', () => {
    const longs = entries.map(([, entry]) => longFlag(entry));
    for (const [key, entry] of entries) {
      expect(entry.doc, key).toMatch(/^[^\n]{10,220}$/);
      if (entry.needs) expect(longs, key).toContain(entry.needs);
    }
  });
});
