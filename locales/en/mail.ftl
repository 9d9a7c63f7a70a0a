# Email. Each email's subject is mail-<template>-subject; the other keys are its text.
mail-footer = Sent by Hermana for { $organization }.
mail-test-message-subject = Test message from { $organization }
mail-test-message-greeting = Hello,
mail-test-message-body = This is a test message from Hermana, sent for { $organization }.
mail-test-message-closing = If you can read it, email from this site reaches its recipients.
