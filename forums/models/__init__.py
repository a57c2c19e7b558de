from .discussions import Post, PostAttachment, PostReport, Thread, ThreadReader
from .networks import Network, NetworkMembership
from .polls import Poll, PollChoice, PollVote

__all__ = [
    "Network",
    "NetworkMembership",
    "Poll",
    "PollChoice",
    "PollVote",
    "Post",
    "PostAttachment",
    "PostReport",
    "Thread",
    "ThreadReader",
]
