from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and synthetic data (load_demo, generate_data): above every domain app, used by none."""

    name = "demo"
    verbose_name = "Demodata"
