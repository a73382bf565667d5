import { describe, expect, it } from 'vitest';
import { askedRetryWaitMs } from '../../src/model/bounded-retry-fetch.js';

describe('askedRetryWaitMs', () => {
  it('reads retry-after-ms, then Retry-After in seconds or as a date, as the openai SDK does', () => {
    expect(askedRetryWaitMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(askedRetryWaitMs(new Headers({ 'retry-after': '100000' }))).toBe(100_000_000);
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(askedRetryWaitMs(new Headers({ 'retry-after': inAMinute }))).toBeGreaterThan(50_000);
    expect(askedRetryWaitMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(askedRetryWaitMs(new Headers())).toBeUndefined();
    expect(askedRetryWaitMs(undefined)).toBeUndefined();
  });
});
