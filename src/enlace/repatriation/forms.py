"""The manifest upload form: one file, read whole (the check needs every byte)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .uploads import MAX_UPLOAD_BYTES


class ManifestUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Manifest file"),
        help_text=_("A CSV file in manifest format v1, UTF-8, up to 100,000 rows."),
        error_messages={
            "required": _("Choose the manifest file to upload."),
            "empty": _("The file is empty."),
        },
    )

    def clean_file(self) -> bytes:
        """The file's bytes (refused past the size limit)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB; split it by day and sending office."),
                code="too_large",
                params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        self.source_name = upload.name or ""
        return bytes(upload.read())
