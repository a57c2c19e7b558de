from .discussions import Post, PostAttachment, PostReport, Thread, ThreadReader

__all__ = ["Post", "PostAttachment", "PostReport", "Thread", "ThreadReader"]
