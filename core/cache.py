"""The cache in production: Redis, with a stand-in in each process's memory while Redis is down.

Sign-in counts failed attempts in the cache (allauth's rate limits). If a Redis outage made every
cache call raise, nobody could sign in; if it made every call answer "nothing stored", the limits
would vanish. Instead, while Redis does not answer, calls go to a local-memory cache in the same
process: pages and sign-in keep working, and the limits still hold per web process (with N
processes an attacker gets at most N times the allowance until Redis is back). The outage is
logged once per episode, /healthz keeps reporting it (it pings Redis itself), and Redis is tried
again after RETRY_SECONDS so the shared counters take over as soon as it answers.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 10
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)

# Per server: until when (time.monotonic()) calls skip Redis. Shared by the per-thread instances.
_down_until = {}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._server_key = str(server)
        fallback_params = {k: v for k, v in params.items() if k in ("TIMEOUT", "KEY_PREFIX", "VERSION")}
        # Instances with the same name share their memory, so every thread of a process sees one stand-in.
        self._fallback = LocMemCache(f"redis-fallback:{self._server_key}", fallback_params)

    def ping(self):
        """Ask Redis itself, past the stand-in: raises when it does not answer."""
        self._cache.get_client(write=True).ping()

    def _call(self, name, *args, **kwargs):
        if time.monotonic() < _down_until.get(self._server_key, 0):
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except REDIS_DOWN as exc:
            if _down_until.get(self._server_key, 0) == 0:
                logger.warning("Redis cache unreachable (%s); using this process's memory until it answers again.", exc)
            _down_until[self._server_key] = time.monotonic() + RETRY_SECONDS
            return getattr(self._fallback, name)(*args, **kwargs)
        if _down_until.pop(self._server_key, None) is not None:
            logger.warning("Redis cache answers again.")
        return result

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
