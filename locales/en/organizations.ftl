organizations-directory-caption = Committees and their sister communities
organizations-directory-committee = Committee in the United States
organizations-directory-community = Sister community in El Salvador
organizations-directory-since = Since
organizations-directory-year-unknown = Not recorded
