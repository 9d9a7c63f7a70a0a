organizations-directory-caption = Comités y sus comunidades hermanas
organizations-directory-committee = Comité en Estados Unidos
organizations-directory-community = Comunidad hermana en El Salvador
organizations-directory-since = Desde
organizations-directory-year-unknown = Sin dato
