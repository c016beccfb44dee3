export * from './errors.ts';
export * from './schemas.ts';
export * from './types.ts';
export * from './events.ts';
export * from './moderation.ts';
