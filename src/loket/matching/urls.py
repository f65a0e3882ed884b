from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.person_matches, name="person_matches"),
    path("vacature/<int:pk>/", views.match_detail, name="match_detail"),
    path("contactverzoek/<int:pk>/", views.answer_contact, name="answer_contact"),
    path("vacature/<int:pk>/kandidaten/", views.vacancy_candidates, name="vacancy_candidates"),
    path("vacature/<int:pk>/kandidaten/contact/", views.request_contact, name="request_contact"),
    path("uitstroom/<int:pk>/", views.outflow_vacancies, name="outflow_vacancies"),
    path("coach/", views.coach_home, name="coach_home"),
    path("coach/<int:pk>/", views.coach_person, name="coach_person"),
    path("runs/", views.batch_runs, name="batch_runs"),
]
