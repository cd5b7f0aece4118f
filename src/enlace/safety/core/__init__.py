"""The Django-free core of border safety: matching missing reports with remains, risk."""
