"""Prints and a request without timeout."""
import requests


def run(url: str) -> None:
    print("starting")
    body = requests.get(url).text
    print(len(body))
