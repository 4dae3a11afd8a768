/**
 * The `default` of a switch over a union: a compile error when a member is not handled, and a
 * clear throw when plain JavaScript passes something outside the union.
 */
export function assertNever(value: never, what: string): never {
  throw new TypeError(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
