# Email. Each email's subject is mail-<template>-subject; the other keys are its text.
mail-footer = Sent by Hermana for { $organization }.
mail-test-message-subject = Test message from { $organization }
mail-test-message-greeting = Hello,
mail-test-message-body = This is a test message from Hermana, sent for { $organization }.
mail-test-message-closing = If you can read it, email from this site reaches its recipients.
mail-invitation-subject = { $inviter } invites you to the core group of { $organization }
mail-invitation-greeting = Hello,
mail-invitation-body = { $inviter } invites you to join the core group of { $organization } on its website, as { $role }.
mail-invitation-action = Open this link to choose your password and join:
mail-invitation-expiry = The link works once, for 7 days. If you did not expect this email, you can ignore it.
mail-password-reset-subject = Choose a new password for { $organization }
mail-password-reset-greeting = Hello { $name },
mail-password-reset-body = Someone (we hope you) asked to reset the password of your account on the website of { $organization }. Open this link to choose a new one:
mail-password-reset-action = Choose a new password
mail-password-reset-expiry = The link works once, for one hour. If you did not ask for it, ignore this email: your password stays as it is.
