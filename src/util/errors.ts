/**
 * A command-line usage mistake (an option or argument the command cannot use): printed without a stack trace, exit code
 * 2.
 */
export class UsageError extends Error {}
