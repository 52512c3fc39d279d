using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Selbsthilfe.Events.Contracts;
using Selbsthilfe.Notifications.Api.Reminders;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.Notifications.Tests;

/// <summary>Reminders and notices from Events' announcements to the SMTP server, once each.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class ReminderTests(NotificationsFixture fixture)
{
    private NotificationsApp App => fixture.App;


    /// <summary>A confirmed member of a new group, with reminders 1 day and 2 hours ahead.</summary>
    private async Task<(Guid Listing, string Address)> MemberAsync()
    {
        var listing = await App.PublishListingAsync();
        var address = $"mitglied-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Accepted, (await App.SubscribeAsync(address, listing)).StatusCode);
        var token = await App.TokenFromMailAsync(address, 1);
        using var client = App.Client();
        (await client.PostAsJsonAsync("/api/notifications/confirm", new { token })).EnsureSuccessStatusCode();
        return (listing, address);
    }

    private async Task<Guid> ScheduleAsync(Guid listing, DateTimeOffset startsAt)
    {
        var id = Guid.NewGuid();
        await App.Services.GetRequiredService<IBus>().Publish(new OccurrenceScheduled
        {
            OccurrenceId = id, SeriesId = Guid.NewGuid(), ListingId = listing, OfficeId = "office-test", StartsAt = startsAt,
            EndsAt = startsAt.AddHours(2), OccurredAt = App.Clock.GetUtcNow(),
            Place = new MeetingPlace { Room = "Raum 3", Address = "Hegelallee 1", Postcode = "14467", City = "Potsdam" },
        });
        await Eventually.TrueAsync(async () => await App.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE occurrence_id = $1", id) == 2,
            because: "one reminder per lead time should be planned");
        return id;
    }

    private async Task SweepAtAsync(DateTimeOffset at)
    {
        if (at > App.Clock.GetUtcNow()) App.Clock.SetUtcNow(at);
        await App.Services.GetRequiredService<ReminderSweep>().RunAsync(default);
    }

    [Fact]
    public async Task A_reminder_is_sent_once_at_its_due_time_with_one_click_unsubscribe_and_a_calendar_entry()
    {
        var (listing, address) = await MemberAsync();
        var starts = App.Clock.GetUtcNow().AddDays(3);
        var occurrence = await ScheduleAsync(listing, starts);

        await SweepAtAsync(starts.AddDays(-1).AddMinutes(-1));
        await Task.Delay(300);
        Assert.Single(App.Smtp.To(address)); // only the confirmation: not due yet

        await SweepAtAsync(starts.AddDays(-1));
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(address).Count == 2), because: "the 1-day reminder should be sent");
        var reminder = App.Smtp.To(address)[1];
        Assert.StartsWith("Erinnerung an Ihren Termin", reminder.Subject);
        Assert.DoesNotContain("Angst", reminder.Subject + reminder.TextBody!.Split('\n')[0]);
        Assert.Contains(TimeZoneInfo.ConvertTime(starts, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString("HH:mm"), reminder.TextBody);
        Assert.Equal("List-Unsubscribe=One-Click", reminder.Headers["List-Unsubscribe-Post"]);
        // One-click (RFC 8058) has its own address on the site; the body links to the pages with buttons. No link goes to /api.
        Assert.StartsWith("<https://selbsthilfe.example/abmelden/ein-klick?token=", reminder.Headers["List-Unsubscribe"]);
        Assert.Contains("https://selbsthilfe.example/abmelden?token=", reminder.TextBody);
        Assert.Contains("https://selbsthilfe.example/verwalten?token=", reminder.TextBody);
        Assert.DoesNotContain("/api/", reminder.TextBody + reminder.HtmlBody + reminder.Headers["List-Unsubscribe"]);
        Assert.Contains(reminder.Attachments, a => a.ContentType.MimeType == "text/calendar");

        // A second sweep and a redelivered fan-out message send nothing more.
        await SweepAtAsync(starts.AddDays(-1).AddMinutes(1));
        var job = await App.ScalarAsync<Guid>("SELECT id FROM jobs WHERE occurrence_id = $1 AND lead_minutes = 1440", occurrence);
        var subscriber = await App.ScalarAsync<Guid>("SELECT subscriber_id FROM deliveries WHERE job_id = $1", job);
        await App.Services.GetRequiredService<IBus>().Publish(new SendMails(job, [subscriber]));
        await Task.Delay(1000);
        Assert.Equal(2, App.Smtp.To(address).Count);
        Assert.Equal("sent", await App.ScalarAsync<string>("SELECT state FROM deliveries WHERE job_id = $1", job));
    }

    [Fact]
    public async Task A_mail_whose_sending_was_interrupted_is_not_sent_again()
    {
        var (listing, address) = await MemberAsync();
        var starts = App.Clock.GetUtcNow().AddDays(3);
        var occurrence = await ScheduleAsync(listing, starts);
        // As if a replica had claimed this mail, sent it and crashed before recording "sent".
        var job = await App.ScalarAsync<Guid>("SELECT id FROM jobs WHERE occurrence_id = $1 AND lead_minutes = 1440", occurrence);
        var subscriber = await App.ScalarAsync<Guid>("SELECT subscriber_id FROM subscriptions WHERE listing_id = $1", listing);
        await App.ScalarAsync<int>("INSERT INTO deliveries (job_id, subscriber_id, state, due_at) VALUES ($1, $2, 'sending', now()) RETURNING 1", job, subscriber);

        await SweepAtAsync(starts.AddDays(-1));
        await App.Services.GetRequiredService<IBus>().Publish(new SendMails(job, [subscriber]));
        await Task.Delay(1000);
        Assert.Single(App.Smtp.To(address)); // the confirmation only
    }

    [Fact]
    public async Task Moving_a_meeting_moves_its_reminders_and_tells_members_at_once_and_cancelling_does_too()
    {
        var (listing, address) = await MemberAsync();
        var starts = App.Clock.GetUtcNow().AddDays(5);
        var occurrence = await ScheduleAsync(listing, starts);
        var bus = App.Services.GetRequiredService<IBus>();

        var moved = starts.AddDays(1);
        await bus.Publish(new OccurrenceRescheduled
        {
            OccurrenceId = occurrence, SeriesId = Guid.NewGuid(), ListingId = listing, OfficeId = "office-test", PreviousStartsAt = starts,
            StartsAt = moved, EndsAt = moved.AddHours(2), OccurredAt = App.Clock.GetUtcNow(), Place = new MeetingPlace { City = "Potsdam" },
        });
        await Eventually.TrueAsync(async () => await App.ScalarAsync<long>(
            "SELECT count(*) FROM jobs WHERE occurrence_id = $1 AND kind = 'reminder' AND state = 'due' AND due_at >= $2", occurrence, starts.UtcDateTime) == 2);
        await SweepAtAsync(App.Clock.GetUtcNow());
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(address).Count == 2), because: "the notice of the move should go out at once");
        Assert.Equal("Ein Termin hat sich geändert", App.Smtp.To(address)[1].Subject);

        await bus.Publish(new OccurrenceCancelled
        {
            OccurrenceId = occurrence, SeriesId = Guid.NewGuid(), ListingId = listing, OfficeId = "office-test", StartsAt = moved,
            Reason = "cancelled", OccurredAt = App.Clock.GetUtcNow(),
        });
        await Eventually.TrueAsync(async () => await App.ScalarAsync<long>(
            "SELECT count(*) FROM jobs WHERE occurrence_id = $1 AND kind = 'cancelled'", occurrence) == 1);
        await SweepAtAsync(App.Clock.GetUtcNow());
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(address).Count == 3), because: "the notice of the cancellation should go out at once");
        Assert.StartsWith("Ein Termin fällt aus", App.Smtp.To(address)[2].Subject);

        // The reminders of the cancelled meeting never go out.
        await SweepAtAsync(moved.AddHours(-1));
        await Task.Delay(500);
        Assert.Equal(3, App.Smtp.To(address).Count);
    }

    [Fact]
    public async Task Followers_hear_of_a_new_one_off_event_and_others_do_not()
    {
        var (listing, address) = await MemberAsync();
        var follower = $"folgt-{Guid.NewGuid():N}@example.org";
        (await App.Client().PostAsJsonAsync("/api/notifications/subscriptions",
            new { email = follower, listingId = listing, leadTimesMinutes = new[] { 1440 }, followEvents = true })).EnsureSuccessStatusCode();
        (await App.Client().PostAsJsonAsync("/api/notifications/confirm", new { token = await App.TokenFromMailAsync(follower, 1) })).EnsureSuccessStatusCode();

        var id = Guid.NewGuid();
        var starts = App.Clock.GetUtcNow().AddDays(10);
        await App.Services.GetRequiredService<IBus>().Publish(new OccurrenceScheduled
        {
            OccurrenceId = id, SeriesId = Guid.NewGuid(), ListingId = listing, OfficeId = "office-test", Kind = "event", StartsAt = starts,
            EndsAt = starts.AddHours(2), OccurredAt = App.Clock.GetUtcNow(), Place = new MeetingPlace { City = "Potsdam" },
        });
        await Eventually.TrueAsync(async () => await App.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE occurrence_id = $1 AND kind = 'new-event'", id) == 1);
        await SweepAtAsync(App.Clock.GetUtcNow());
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(follower).Count == 2), because: "the follower should hear of the new event");
        Assert.Equal("Eine neue Veranstaltung", App.Smtp.To(follower)[1].Subject);
        await Task.Delay(300);
        Assert.Single(App.Smtp.To(address));
    }

    [Fact]
    public async Task One_click_unsubscribe_stops_reminders_and_unconfirmed_addresses_get_none()
    {
        var (listing, address) = await MemberAsync();
        var pending = $"unbestaetigt-{Guid.NewGuid():N}@example.org";
        await App.SubscribeAsync(pending, listing); // never confirmed

        var starts = App.Clock.GetUtcNow().AddDays(3);
        await ScheduleAsync(listing, starts);
        await SweepAtAsync(starts.AddDays(-1));
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(address).Count == 2));
        var link = new Uri(App.Smtp.To(address)[1].Headers["List-Unsubscribe"]!.Trim('<', '>'));

        // The site's one-click address passes the mail client's POST on to this endpoint with the same token.
        using var client = App.Client();
        var unsubscribe = await client.PostAsync("/api/notifications/unsubscribe" + link.Query,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);

        await SweepAtAsync(starts.AddHours(-2));
        await Task.Delay(500);
        Assert.Equal(2, App.Smtp.To(address).Count);
        Assert.Single(App.Smtp.To(pending)); // the confirmation request only
    }
}
