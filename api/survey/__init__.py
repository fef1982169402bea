"""Network surveys over HTTP (issue 17): the coordinator's campaign operations
(:mod:`api.survey.campaigns`, behind ``/api/v1/surveys``) and the questionnaire an actor opens
with its personal link (:mod:`api.survey.form`, behind ``/s/{token}``), with the questionnaire's
page, script and styles (``questionnaire.html``, ``questionnaire.js``, ``questionnaire.css``).

The two sides never meet: a survey token (``qs_...``) opens one actor's questionnaire in one
campaign and nothing else (every ``/api/v1`` route refuses it like any unknown bearer token),
and an account's token opens no questionnaire.
"""
