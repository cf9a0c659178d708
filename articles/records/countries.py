"""The country table, filled from pycountry's ISO 3166-1 list."""
import pycountry


def load_countries(country_model):
    """Create any missing ISO 3166-1 countries; returns how many were added."""
    existing = set(country_model.objects.values_list("code", flat=True))
    missing = [
        country_model(code=c.alpha_2, name=getattr(c, "common_name", c.name))
        for c in pycountry.countries if c.alpha_2 not in existing
    ]
    country_model.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)
