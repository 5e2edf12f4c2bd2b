import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatIn, formatTime } from '../../src/cli/render/format.js';

/** Run with the process's own zone set to `tz` (node re-reads TZ when it changes). */
function inZone<T>(tz: string, f: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    return f();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

describe('formatTime', () => {
  test('prints wall time and zone for a zone given by name', () => {
    assert.equal(formatTime('2026-03-11T02:30:00.000Z', 'UTC'), '2026-03-11 02:30 UTC');
    assert.equal(formatTime('2026-03-11T02:31:00.000Z', 'Etc/UTC'), '2026-03-11 02:31 UTC');
    assert.equal(formatTime('2026-07-11T02:30:00.000Z', 'Europe/Berlin'), '2026-07-11 04:30 GMT+2');
    assert.equal(formatTime('2026-01-11T23:30:00.000Z', 'America/New_York'), '2026-01-11 18:30 EST');
  });

  test("uses the machine's zone without one: UTC all year, or a zone with daylight saving", () => {
    assert.equal(
      inZone('Etc/UTC', () => formatTime('2026-03-11T02:32:00.000Z')),
      '2026-03-11 02:32 UTC',
    );
    assert.equal(
      inZone('America/Chicago', () => formatTime('2026-07-04T17:00:00.000Z')),
      '2026-07-04 12:00 CDT',
    );
  });

  test('says how far away a time is', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    assert.equal(formatIn('2026-03-11T02:00:00.000Z', now), 'in 14h 0m');
    assert.equal(formatIn('2026-03-08T12:00:00.000Z', now), '2d 0h ago');
  });
});
