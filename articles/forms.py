from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple

from .models import Article, Delegation


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
