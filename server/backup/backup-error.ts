/** A backup or restore that cannot be made, with the sentence the operator reads. */
export class BackupError extends Error {}
