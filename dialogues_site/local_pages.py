"""Each process's own copy of the pages it served lately: the page cache's first tier.

A hit still reads the shared content version (one small ``get_many``), so an edit on any
server is seen at once by every other; only the page itself, often tens of kilobytes, is
not fetched from Redis and unpickled again. At most PAGE_CACHE_LOCAL_BYTES a process
(the least recently used go first).
"""

import threading
from collections import OrderedDict

from django.conf import settings


class LocalPages:
    def __init__(self):
        self._entries = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def limit():
        return getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry["content"])
        if size > self.limit():
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old["content"])
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.limit():
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped["content"])

    def size(self):
        return self._bytes


PAGES = LocalPages()
