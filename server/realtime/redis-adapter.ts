import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../log/logger.ts';
import type { RedisLink } from '../redis/redis-link.ts';
import type { FilServer } from './socket-types.ts';

/**
 * Shares rooms through Redis pub/sub: an emit to `article:<slug>` on any instance reaches the
 * room's sockets on every instance.
 *
 * Broadcasts published while Redis was away are lost for the other instances. When this
 * instance's connections are all back, it tells every client, on every instance, to resync:
 * each one re-joins with its cursor and reads what it missed from the database. Whatever was
 * committed before this moment is in the database; whatever comes after is delivered live,
 * because our subscriptions are restored before the call (the PING below is answered after
 * the re-SUBSCRIBE that ioredis sent first on the same connection).
 */
export function attachRedisAdapter(
	io: FilServer,
	link: RedisLink,
	keyPrefix: string,
	logger: Logger
) {
	io.adapter(createAdapter(link.pub, link.sub, { key: `${keyPrefix}socket.io` }));
	return link.onRecover(() => {
		link.sub
			.ping()
			.catch(() => undefined)
			.then(() => {
				io.emit('thread:resync', { reason: 'fan-out-restored' });
				logger.info('asked every client to resync after the Redis outage');
			})
			.catch((error: unknown) => logger.warn('resync broadcast failed', { error: String(error) }));
	});
}
