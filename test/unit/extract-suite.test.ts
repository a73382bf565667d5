import { describe, expect, it } from 'vitest';
import { extractSuite } from '../../src/robot/extract-suite.js';

const SUITE = '*** Settings ***\nDocumentation    x\n\n*** Test Cases ***\nT\n    Log    hi\n';

describe('extractSuite', () => {
  it.each(['robot', 'robotframework', 'Robot', ''])('takes a ```%s block and drops the prose around it', (language) => {
    expect(extractSuite(`Here you go:\n\n\`\`\`${language}\n${SUITE}\`\`\`\n\nHope it helps.`)).toBe(SUITE);
  });

  it('prefers the robot block over other blocks', () => {
    const reply = `Spec:\n\`\`\`json\n{"a": 1}\n\`\`\`\nSuite:\n\`\`\`robot\n${SUITE}\`\`\``;
    expect(extractSuite(reply)).toBe(SUITE);
  });

  it('takes an unfenced reply from its first section header', () => {
    expect(extractSuite(`Sure.\n${SUITE}`)).toBe(SUITE);
  });

  it('keeps a suite whose reply was cut inside the fence', () => {
    expect(extractSuite(`\`\`\`robot\n${SUITE}`)).toBe(SUITE);
  });

  it('strips trailing spaces and blank edges, and ends in one newline', () => {
    expect(extractSuite('```robot\n\n*** Test Cases ***   \nT\n    Log    x    \n\n\n```')).toBe('*** Test Cases ***\nT\n    Log    x\n');
  });

  it('finds no suite in prose or in a block without a section header', () => {
    expect(extractSuite('I would cancel the order and check it.')).toBeUndefined();
    expect(extractSuite('```robot\nLog    hello\n```')).toBeUndefined();
    expect(extractSuite('')).toBeUndefined();
  });
});
