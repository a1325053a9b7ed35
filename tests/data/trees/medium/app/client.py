"""Only a medium finding: SL501 on line 6."""
import requests


def fetch(url: str) -> dict:
    return requests.get(url).json()
