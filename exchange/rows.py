"""One row of a file as the engine plans it, and as the admin's preview reports it."""

from django.utils.encoding import force_str
from import_export.results import RowResult


class PlannedRow(RowResult):
    """The library's row result, naming its record only when asked: the name (``str``
    of a meeting formats its dates) is read by the admin's log of a confirmed import,
    and working it out for every row of a large file cost more than checking the row."""

    _record = None

    def add_instance_info(self, instance):
        self._record = instance

    @property
    def object_id(self):  # read after the write, when the record has its id
        return getattr(self._record, "pk", None)

    @property
    def object_repr(self):
        return None if self._record is None else force_str(self._record)

    @object_id.setter
    def object_id(self, value):  # RowResult.__init__ sets None
        pass

    @object_repr.setter
    def object_repr(self, value):
        pass


class RowPlan:
    """What the import will do with one row of the file."""

    def __init__(self, number, cells):
        self.number = number
        self.cells = cells
        self.key = None
        self.instance = None
        self.new = True
        self.links = {}
        self.changed_links = set()
        self.errors = {}
        self.row_result = None
