from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.validators import URLValidator

from ..models import Article, Delegation


class DelegationAdminForm(forms.ModelForm):
    """Lets an editor set a delegation's coverage from the delegation's own page."""

    articles = forms.ModelMultipleChoiceField(
        queryset=Article.objects.order_by("title"), required=False,
        widget=FilteredSelectMultiple("articles", is_stacked=False),
    )

    class Meta:
        model = Delegation
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["articles"].initial = self.instance.articles.all()

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.articles.set(self.cleaned_data["articles"])


class ArticleAdminForm(forms.ModelForm):
    """The article's admin form: its review reasons as a list of checkboxes, one a reason, each ticked; an
    editor unticks a reason once it is dealt with (raw JSON is no way to tick a reason off)."""

    review_reasons = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Review reasons",
        help_text="Untick a reason once it is dealt with; with none left, untick “needs review” too.")

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reasons = list(self.instance.review_reasons or []) if self.instance.pk else []
        self.fields["review_reasons"].choices = [(reason, reason) for reason in reasons]
        self.initial["review_reasons"] = reasons


class AddressesForm(forms.Form):
    """The admin's "Add by address": one page address per line."""

    MAX_ADDRESSES = 50

    addresses = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "cols": 100, "placeholder": "https://…"}),
        help_text=f"One address per line, at most {MAX_ADDRESSES}. Each page is fetched once (robots.txt obeyed), "
                  "kept as WARC and made into an article.")

    def clean_addresses(self):
        lines = [line.strip() for line in self.cleaned_data["addresses"].splitlines()]
        addresses = list(dict.fromkeys(line for line in lines if line and not line.startswith("#")))
        if not addresses:
            raise forms.ValidationError("Give at least one address.")
        if len(addresses) > self.MAX_ADDRESSES:
            raise forms.ValidationError(f"At most {self.MAX_ADDRESSES} addresses at a time "
                                        f"({len(addresses)} given); use manage.py capture --from-file for more.")
        validate = URLValidator(schemes=["http", "https"])
        bad = []
        for address in addresses:
            try:
                validate(address)
            except forms.ValidationError:
                bad.append(address)
        if bad:
            raise forms.ValidationError("Not http(s) addresses: " + ", ".join(bad[:5]))
        return addresses
