"""Programmes and discussions: the model's rules (the pages: test_programme_list.py and
test_programme_detail.py)."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template

from core.text import render_markdown
from programmes.models import Discussion, Programme
from tests.factories import DiscussionFactory, MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


class TestDiscussion:
    def test_one_discussion_per_meeting_and_programme(self):
        first = DiscussionFactory()
        duplicate = Discussion(
            meeting=first.meeting, programme=first.programme, stage=Discussion.Stage.CONSIDERED
        )
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "already has a discussion of this programme" in str(
            excinfo.value.message_dict[NON_FIELD_ERRORS]
        )

    def test_one_discussion_per_meeting_and_programme_in_the_database(self):
        first = DiscussionFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Discussion.objects.create(
                meeting=first.meeting,
                programme=first.programme,
                stage=Discussion.Stage.CONSIDERED,
            )
        assert Discussion.objects.count() == 1

    def test_the_programme_may_be_discussed_at_another_meeting(self):
        first = DiscussionFactory()
        other = Discussion(
            meeting=MeetingFactory(), programme=first.programme, stage=Discussion.Stage.EVALUATED
        )
        other.full_clean()
        other.save()
        assert first.programme.discussions.count() == 2


class TestProgramme:
    def test_valid_programme_passes_full_clean(self):
        ProgrammeFactory.build(fund=None, start_year=2010, end_year=2010).full_clean()

    def test_end_year_before_start_year_is_rejected(self):
        programme = ProgrammeFactory.build(fund=None, start_year=2015, end_year=2010)
        with pytest.raises(ValidationError) as excinfo:
            programme.full_clean()
        assert "end year cannot be before the start year" in str(excinfo.value)

    def test_end_year_before_start_year_is_rejected_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgrammeFactory(start_year=2015, end_year=2010)
        assert not Programme.objects.exists()

    @pytest.mark.parametrize(("start", "end"), [(None, 2010), (2010, None), (None, None)])
    def test_either_year_may_be_unknown(self, start, end):
        ProgrammeFactory.build(fund=None, start_year=start, end_year=end).full_clean()

    @pytest.mark.parametrize("field", ["start_year", "end_year"])
    def test_implausible_year_is_rejected(self, field):
        programme = ProgrammeFactory.build(fund=None, start_year=None, end_year=None)
        setattr(programme, field, 15)
        with pytest.raises(ValidationError) as excinfo:
            programme.full_clean()
        assert field in excinfo.value.message_dict

    def test_other_names_list_skips_blank_lines_and_spaces(self):
        programme = ProgrammeFactory.build(
            other_names="  ASEAN ESC Model Cities  \n\n\r\nModel Cities Programme\n   \n"
        )
        assert programme.other_names_list == ["ASEAN ESC Model Cities", "Model Cities Programme"]

    def test_no_other_names(self):
        assert ProgrammeFactory.build(other_names="").other_names_list == []


class TestMeetingPage:
    def test_published_meeting_is_shown(self, client):
        meeting = MeetingFactory(published=True, title="Ninth Dialogue")
        response = client.get(meeting.get_absolute_url())
        assert response.status_code == 200
        assert "<h1>Ninth Dialogue</h1>" in response.content.decode()

    def test_draft_meeting_is_404(self, client):
        meeting = MeetingFactory()
        assert client.get(meeting.get_absolute_url()).status_code == 404

    def test_scheduled_meeting_is_404(self, client):
        meeting = MeetingFactory(scheduled=True)
        assert client.get(meeting.get_absolute_url()).status_code == 404

    def test_draft_meeting_is_not_listed(self, client):
        MeetingFactory(published=True, title="Published Dialogue Alpha")
        MeetingFactory(title="Draft Dialogue Beta")
        page = client.get("/meetings/").content.decode()
        assert "Published Dialogue Alpha" in page
        assert "Draft Dialogue Beta" not in page

    def test_outline_markdown_is_sanitised_on_the_page(self, client):
        meeting = MeetingFactory(
            published=True,
            outline="**Agreed**\n\n<script>alert('x')</script>\n\n[click](javascript:alert(1))",
        )
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "<strong>Agreed</strong>" in page
        assert "<script>alert" not in page
        assert "javascript:" not in page


class TestMarkdownFilter:
    def render(self, text):
        return Template("{% load display %}{{ text|markdown }}").render(Context({"text": text}))

    def test_markdown_is_rendered(self):
        html = self.render("Some *emphasis* and a [link](https://example.org/).")
        assert "<em>emphasis</em>" in html
        assert 'href="https://example.org/"' in html
        assert 'rel="noopener noreferrer"' in html

    def test_script_tags_are_stripped(self):
        html = self.render("Hello <script>alert('x')</script> world")
        assert "<script" not in html
        assert "Hello" in html

    @pytest.mark.parametrize(
        "text",
        [
            "[click](javascript:alert(1))",
            '<a href="javascript:alert(1)">click</a>',
            '<a href="JaVaScRiPt:alert(1)">click</a>',
        ],
    )
    def test_javascript_links_are_stripped(self, text):
        html = self.render(text)
        assert "javascript" not in html.lower()
        assert "click" in html

    def test_event_handlers_and_images_are_stripped(self):
        html = self.render('<img src="x" onerror="alert(1)"><p onclick="alert(1)">hi</p>')
        assert "onerror" not in html
        assert "onclick" not in html
        assert "<img" not in html

    def test_empty_text_renders_nothing(self):
        assert render_markdown(None) == ""
        assert self.render("") == ""
