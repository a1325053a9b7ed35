"""A medium finding (SL501, line 5) next to a broken YAML file."""
import requests


response = requests.get("http://feature-store:8080/health")
