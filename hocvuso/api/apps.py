from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hocvuso.api"
    label = "api"
