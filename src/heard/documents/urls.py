"""Letter pages. A case's documents live under the case's address, as its steps do
(/cases/<id>/letters/<document>/); the templates, which belong to no case, under /letters/."""

from __future__ import annotations

from django.urls import path

from heard.documents import narrative_views, views

app_name = "documents"

DOCUMENT = "cases/<int:pk>/letters/<int:document>/"
TEMPLATE = "letters/templates/<slug:key>/"

urlpatterns = [
    path(DOCUMENT, views.document_page, name="document"),
    path(f"{DOCUMENT}letter.pdf", views.document_pdf, name="pdf"),
    path(f"{DOCUMENT}letter.docx", views.document_docx, name="docx"),
    path(f"{DOCUMENT}edit/", views.edit_document, name="edit"),
    path(f"{DOCUMENT}send/", views.send_document, name="send"),
    path(
        "cases/<int:pk>/reports/<slug:report>/write/",
        narrative_views.write_report,
        name="write_report",
    ),
    path("letters/templates/", views.template_list, name="templates"),
    path(TEMPLATE, views.template_page, name="template"),
    path(f"{TEMPLATE}preview/", views.template_preview, name="template_preview"),
    path(f"{TEMPLATE}versions/<int:version>/", views.template_version, name="template_version"),
]
