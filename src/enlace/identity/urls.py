from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("", views.candidate_list_view, name="candidate-list"),
    path("<int:candidate_id>/", views.candidate_detail_view, name="candidate-detail"),
    path("<int:candidate_id>/merge/", views.candidate_merge_view, name="candidate-merge"),
    path("<int:candidate_id>/decide/", views.candidate_decide_view, name="candidate-decide"),
    path("merges/", views.merge_list_view, name="merge-list"),
    path("merges/<int:merge_id>/undo/", views.merge_reverse_view, name="merge-reverse"),
    path("families/", views.family_list_view, name="family-list"),
    path("families/<int:proposal_id>/decide/", views.family_decide_view, name="family-decide"),
]
