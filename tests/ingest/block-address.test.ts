// Block addresses as sources publish them, kept no finer than the hundred block.
import { expect, test } from 'vitest';
import { hundredBlock, streetOf } from '../../src/ingest/block-address.ts';

test('every published form becomes its hundred block; no house number is kept', () => {
  expect(hundredBlock('9650 marlive ln')).toBe('9600 block of Marlive Ln');
  expect(hundredBlock('096XX S WOOD ST')).toBe('9600 block of S Wood St');
  expect(hundredBlock('  9600-9699   MAIN  st ')).toBe('9600 block of Main St');
  expect(hundredBlock('3000 BLOCK KENSINGTON AVE')).toBe('3000 block of Kensington Ave');
  expect(hundredBlock('800 Block of Bryant St')).toBe('800 block of Bryant St');
  // A street called Block is a street.
  expect(hundredBlock('120 Block Ave')).toBe('100 block of Block Ave');
  expect(hundredBlock('47 5th ave')).toBe('0 block of 5th Ave');
  expect(hundredBlock('Main St & 5th Ave')).toBe('Main St & 5th Ave');
  expect(hundredBlock('')).toBeNull();
  expect(hundredBlock(undefined)).toBeNull();
  expect(streetOf('9600 block of Marlive Ln')).toBe('Marlive Ln');
  // Each part of a hyphenated name keeps its capital, accents too.
  expect(hundredBlock('8415 RUE SAINT-DENIS')).toBe('8400 block of Rue Saint-Denis');
  expect(hundredBlock('1250 boulevard rené-lévesque')).toBe('1200 block of Boulevard René-Lévesque');
  expect(hundredBlock('2250 MCKINNEY ST')).toBe('2200 block of McKinney St');
  expect(hundredBlock("315 o'neil ave")).toBe("300 block of O'Neil Ave");
  expect(hundredBlock('100 MAC ARTHUR BLVD')).toBe('100 block of Mac Arthur Blvd');
  expect(hundredBlock('100 mc')).toBe('100 block of Mc');
  // Atlanta's and Portland's quadrants, and a highway's direction of travel, stay capitals; "of" is small.
  expect(hundredBlock('3393 PEACHTREE RD NE')).toBe('3300 block of Peachtree Rd NE');
  expect(hundredBlock('2901 S CAPITAL OF TEXAS HWY SB')).toBe('2900 block of S Capital of Texas Hwy SB');
  expect(hundredBlock('2200 NE SANDY BLVD')).toBe('2200 block of NE Sandy Blvd');
  // But São Paulo's Praça da Sé is no quadrant.
  expect(hundredBlock('PC DA SE')).toBe('Pc Da Se');
});

test('a city or a unit after a comma is not part of the street', () => {
  expect(hundredBlock(' 150 baybrook mall,friendswoo')).toBe('100 block of Baybrook Mall');
  expect(hundredBlock('19450 gulf fwy, friendswood')).toBe('19400 block of Gulf Fwy');
  expect(hundredBlock('1200 Main St, Apt 4')).toBe('1200 block of Main St');
  expect(hundredBlock(',friendswood')).toBeNull();
});

test("a city written before ', PA 15213' with no comma of its own is not part of the street either", () => {
  expect(hundredBlock('3400 Block Forbes Av Pittsburgh, PA 15213')).toBe('3400 block of Forbes Av');
  expect(hundredBlock('100 Block Penn Ave NE Mount Lebanon, PA 15228')).toBe('100 block of Penn Ave NE');
  // A street with no type keeps every word: nothing says where a city would begin.
  expect(hundredBlock('600 Block Broadway Pittsburgh, PA 15222')).toBe('600 block of Broadway Pittsburgh');
  // Without the state and zip, the words are the street's.
  expect(hundredBlock('200 Forbes Av Pittsburgh')).toBe('200 block of Forbes Av Pittsburgh');
});
