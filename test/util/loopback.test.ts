/** The probe's loopback guard reads addresses as numbers (issue 16, point 12). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLoopbackHost, parseIPv4, parseIPv6 } from '../../src/util/loopback.js';

describe('loopback guard', () => {
  for (const host of [
    'localhost',
    'LOCALHOST.',
    'db.localhost',
    '127.0.0.1',
    '127.1',
    '127.0.1',
    '2130706433',
    '0x7f000001',
    '0x7F.1',
    '017700000001',
    '0177.0.0.1',
    '0',
    '0.0.0.0',
    '0x0',
    '::1',
    '[::1]',
    '::',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '[::ffff:127.0.0.1]',
    '::ffff:7f00:1',
    '::127.0.0.2',
    '::1%lo',
  ]) {
    test(`${host} is this machine`, () => assert.equal(isLoopbackHost(host), true));
  }
  for (const host of [
    'db01',
    '10.0.0.5',
    '167772165',
    '1.2.3.4',
    '128.0.0.1',
    '::ffff:10.0.0.1',
    '2001:db8::1',
    'fe80::1',
    '127.example.com',
    '0x7f.example',
    '08.1.1.1',
    '256.1.1.1',
  ]) {
    test(`${host} is not`, () => assert.equal(isLoopbackHost(host), false));
  }
  test('inet_aton spellings parse to the same number', () => {
    for (const s of ['127.0.0.1', '2130706433', '0x7f000001', '017700000001', '127.1', '0x7f.0.0.1'])
      assert.equal(parseIPv4(s), 0x7f000001, s);
    assert.equal(parseIPv4('1.2.3.256'), undefined);
    assert.deepEqual(parseIPv6('::ffff:127.0.0.1')?.slice(10), [0xff, 0xff, 127, 0, 0, 1]);
  });
});
