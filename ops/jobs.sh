#!/bin/sh
# The job runner of compose.yaml: the README's crontab ("Taken op een timer") as one loop. Every minute the
# monthly figures a change left stale and the notifications to send; once a night from 02:30 the retention, on
# weekdays from 16:30 the daily digest, on the first of the month from 06:00 the stuurgroep's vergaderstukken. A command that fails is tried again on the next round. Each job takes
# its advisory lock (base/jobs.py), so more than one runner at a time is safe.
set -u
trap 'exit 0' TERM INT

retention_done=""
digest_done=""
reports_done=""
while true; do
    python manage.py refresh_figures --stale
    python manage.py send_notifications
    today=$(date +%F)
    now=$(date +%H%M)
    if [ "$now" -ge 0230 ] && [ "$now" -lt 0330 ] && [ "$retention_done" != "$today" ]; then
        python manage.py apply_retention && retention_done=$today
    fi
    if [ "$(date +%u)" -le 5 ] && [ "$now" -ge 1630 ] && [ "$now" -lt 1730 ] && [ "$digest_done" != "$today" ]; then
        python manage.py send_notifications --digest && digest_done=$today
    fi
    if [ "$(date +%d)" = 01 ] && [ "$now" -ge 0600 ] && [ "$reports_done" != "$today" ]; then
        python manage.py write_meeting_reports --map vergaderstukken && reports_done=$today
    fi
    # In the background, so that docker stop's TERM ends the wait at once.
    sleep 60 &
    wait $!
done
