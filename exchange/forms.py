"""The admin's import forms and the file formats behind them.

The upload form has a format (CSV or XLSX) and, for CSV, an encoding: UTF-8 unless the
editor chooses Shift_JIS (what Japanese Excel writes), never guessed. The choice travels
as a format of its own (``ShiftJISCSVImport``, not offered in the format list): the
library hands the confirm step the format alone, and it then reads the file the same way
the preview did.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm

from .files import DEFAULT_ENCODING, ENCODING_LABELS, read_file
from .limits import FileProblem, check_size


class UploadedTable:
    """An import format whose bytes are read by ``read_file``, never by tablib.

    The format is binary so the uploaded bytes reach ``create_dataset`` untouched (a text
    format would be decoded by the library first, and a Latin-1 file would fail with a
    bare ``UnicodeDecodeError``). ``read_file`` checks the content against the chosen
    format, the size limit and the encoding, and raises ``FileProblem`` with a reason.
    """

    text_encoding = DEFAULT_ENCODING

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        data = bytes(in_stream or b"")
        dataset = read_file(data, file_format=self.get_title(), encoding=self.text_encoding)
        if not dataset.height:
            raise FileProblem(_("The file has column names but no rows to import."))
        # The confirmed import records the file's SHA-256: the bytes travel with the table.
        dataset.source_bytes = data
        return dataset


class CSVImport(UploadedTable, base_formats.CSV):
    pass


class XLSXImport(UploadedTable, base_formats.XLSX):
    pass


class ShiftJISCSVImport(CSVImport):
    """A CSV file the editor said is Shift_JIS (the upload form's encoding)."""

    text_encoding = "shift_jis"


IMPORT_FORMATS = [CSVImport, XLSXImport, ShiftJISCSVImport]
CSV_CHOICE, SHIFT_JIS_CHOICE = "0", "2"  # the import forms' format values


class RecordImportForm(ImportForm):
    # Empty files are let through to read_file, which says so in its own words.
    import_file = forms.FileField(label=gettext_lazy("File to import"), allow_empty_file=True)
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding"),
        choices=list(ENCODING_LABELS.items()),
        initial=DEFAULT_ENCODING,
        required=False,  # left out (a script's upload): UTF-8
        help_text=gettext_lazy(
            "For CSV files. Japanese Excel saves “CSV (Comma delimited)” in Shift_JIS; "
            "its “CSV UTF-8” and XLSX workbooks need no choice."
        ),
    )
    field_order = ["resource", "import_file", "format", "encoding"]

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        # Shift_JIS is chosen as the encoding, not as a format of its own.
        choices = self.fields["format"].choices
        self.fields["format"].choices = [c for c in choices if c[0] != SHIFT_JIS_CHOICE]

    def clean_import_file(self):
        """Refuse a file over the limit before it is read into memory (read_file checks
        too). The refusal is kept on the form: the attempt still goes to the import log."""
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)
        except FileProblem as problem:
            self.file_problem = problem
            raise ValidationError(refusal(upload.name, problem)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == CSV_CHOICE and cleaned.get("encoding") == "shift_jis":
            cleaned["format"] = SHIFT_JIS_CHOICE
        return cleaned

    @staticmethod
    def initial_for(format_choice):
        """The form's format and encoding for a confirm form's ``format`` value."""
        if format_choice == SHIFT_JIS_CHOICE:
            return {"format": CSV_CHOICE, "encoding": "shift_jis"}
        return {"format": format_choice, "encoding": DEFAULT_ENCODING}


def refusal(file_name, problem):
    """ "The file meetings.csv was refused: …", on the upload form's file field."""
    return _("The file %(name)s was refused: %(problem)s") % {
        "name": file_name,
        "problem": problem,
    }


class RecordConfirmImportForm(ConfirmImportForm):
    def clean_format(self):
        # The library indexes its format list with this hidden value: an index, or refused.
        value = self.cleaned_data["format"]
        if value not in {str(index) for index in range(len(IMPORT_FORMATS))}:
            raise ValidationError(_("Unknown file format."))
        return value
