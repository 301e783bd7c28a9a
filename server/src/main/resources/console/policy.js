// The OTP policy's guessing check, the same formula as the server's OtpPolicy, so the page can
// show the verdict while the admin types. The server stays the authority: it checks again on save.

export const MAX_DAILY_GUESS_CHANCE = 1e-5;
export const ALPHABETS = { numeric: 10, alphanumeric: 32 };

export const FIELDS = [
  { name: 'length', label: 'Code length', min: 6, max: 10, hint: 'Symbols per code, 6 to 10.' },
  { name: 'alphabet', label: 'Alphabet', type: 'select', options: [['numeric', 'Numeric (10)'],
    ['alphanumeric', 'Alphanumeric (32)']],
  hint: 'Numeric: 0-9. Alphanumeric: 2-9 and A-Z without I and O, in any case.' },
  { name: 'ttlSeconds', label: 'Code lifetime (seconds)', min: 60, max: 3600, hint: '60 to 3600.' },
  { name: 'maxAttempts', label: 'Attempts per code', min: 1, max: 10, hint: 'Wrong guesses before a code is locked, 1 to 10.' },
  { name: 'resendCooldownSeconds', label: 'Resend cooldown (seconds)', min: 30, max: 3600,
    hint: 'Wait between two codes for one address, 30 to 3600.' },
  { name: 'maxSendsPerHour', label: 'Codes per address per hour', min: 1, max: 20, hint: '1 to 20.' },
  { name: 'maxFailuresPerDay', label: 'Wrong guesses per address per day', min: 1, max: 100,
    hint: 'The daily budget, across resends, 1 to 100.' },
];

/** Guesses an attacker gets per address per day: the daily budget, or all attempts of all codes if fewer. */
export function guessesPerDay(p) {
  return Math.min(p.maxFailuresPerDay, p.maxAttempts * p.maxSendsPerHour * 24);
}

export function codeCount(p) {
  return Math.pow(ALPHABETS[p.alphabet], p.length);
}

export function dailyGuessChance(p) {
  return guessesPerDay(p) / codeCount(p);
}

/** Refused only strictly above the limit, as on the server: the defaults sit exactly on it. */
export function isTooWeak(p) {
  return dailyGuessChance(p) > MAX_DAILY_GUESS_CHANCE;
}

/** Whether every number the formula needs is a whole number and the alphabet is known. */
export function isComplete(p) {
  return ALPHABETS[p.alphabet] !== undefined
    && ['length', 'maxAttempts', 'maxSendsPerHour', 'maxFailuresPerDay'].every((k) => Number.isInteger(p[k]) && p[k] > 0);
}

const grouped = (n) => Math.round(n).toLocaleString('en-US');

/** "1 in 100,000", or "certain" when there are fewer codes than guesses. */
export function oneIn(chance) {
  return chance >= 1 ? 'certain' : '1 in ' + grouped(1 / chance);
}

/** The verdict and the arithmetic behind it, in words. */
export function explain(p) {
  const chance = dailyGuessChance(p);
  const weak = chance > MAX_DAILY_GUESS_CHANCE;
  return {
    weak,
    chance,
    headline: oneIn(chance),
    exponent: chance.toExponential(1),
    verdict: weak ? 'Too weak: the server refuses a chance above 1 in 100,000.'
      : 'Allowed: the limit is 1 in 100,000.',
    guesses: `${grouped(guessesPerDay(p))} guesses a day: the lower of the daily budget (${p.maxFailuresPerDay}) and `
      + `attempts × codes per hour × 24 (${p.maxAttempts} × ${p.maxSendsPerHour} × 24 = `
      + `${grouped(p.maxAttempts * p.maxSendsPerHour * 24)}).`,
    codes: `${grouped(codeCount(p))} possible codes (${ALPHABETS[p.alphabet]}^${p.length}).`,
  };
}
