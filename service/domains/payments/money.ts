/** Amounts are decimal dollars on the wire; sums and comparisons are done in whole cents. */
export const cents = (amount: number): number => Math.round(amount * 100);
export const dollars = (cents: number): number => cents / 100;
