from .discussions import Post, PostAttachment, PostReport, Thread, ThreadReader
from .practices import (
    Adoption,
    Document,
    FundingSource,
    Practice,
    PracticeAttachment,
    PracticeComment,
    PracticeRevision,
    PracticeUseful,
    SdgGoal,
    Topic,
)

__all__ = [
    "Adoption",
    "Document",
    "FundingSource",
    "Practice",
    "PracticeAttachment",
    "PracticeComment",
    "PracticeRevision",
    "PracticeUseful",
    "SdgGoal",
    "Topic",
    "Post",
    "PostAttachment",
    "PostReport",
    "Thread",
    "ThreadReader",
]
