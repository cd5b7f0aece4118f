"""Pages that span apps, assembled here from each app's selectors: the role homes and the
manifest page with its plans. Each module gives a context builder ``(user, params)``;
``enlace.web.selectors.HOMES`` picks one per role."""
