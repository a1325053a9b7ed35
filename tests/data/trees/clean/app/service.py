"""A clean service module: no finding from any built-in rule."""
import requests

MODEL_URI = "models:/churn/7"


def score(url: str, payload: dict) -> dict:
    return requests.post(url, json=payload, timeout=(3, 10)).json()
