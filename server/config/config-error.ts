/** A configuration the process cannot start with; its message names the variable or file. */
export class ConfigError extends Error {}
