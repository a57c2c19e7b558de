from .discussions import Post, PostAttachment, PostReport, Thread, ThreadReader
from .networks import Network, NetworkMembership

__all__ = ["Network", "NetworkMembership", "Post", "PostAttachment", "PostReport", "Thread", "ThreadReader"]
