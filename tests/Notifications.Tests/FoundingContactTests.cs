using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Notifications.Api.Privacy;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.Notifications.Tests;

/// <summary>
/// Founding contacts: Founding holds only a reference; the address is here, double opt-in; the founding events become
/// mails by reference, once each, to confirmed contacts only (across a restart of this service too), and never reveal
/// an address without consent.
/// </summary>
[Collection(NotificationsCollection.Name)]
public sealed class FoundingContactTests(NotificationsFixture fixture)
{
    private NotificationsApp App => fixture.App;

    [Fact]
    public async Task A_poster_hears_of_interest_once_and_only_after_confirming_the_address()
    {
        var (unconfirmed, unconfirmedAddress) = await ContactAsync(confirm: false);
        var (poster, posterAddress) = await ContactAsync();
        var confirmation = Assert.Single(App.Smtp.To(unconfirmedAddress));
        Assert.Contains("Gleichbetroffenen", confirmation.TextBody);

        var bus = App.Services.GetRequiredService<IBus>();
        var posting = Guid.NewGuid();
        await bus.Publish(new PeerInterestExpressed(posting, "office-test", unconfirmed, 1, App.Clock.GetUtcNow()));
        var messageId = NewId.NextGuid();
        var interest = new PeerInterestExpressed(posting, "office-test", poster, 2, App.Clock.GetUtcNow());
        await bus.Publish(interest, c => c.MessageId = messageId);
        await bus.Publish(interest, c => c.MessageId = messageId); // a redelivery
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(posterAddress).Count == 2), because: "the poster should hear of the interest");
        await App.Services.GetRequiredService<IBus>().Publish(new PeerSearchReleased(posting, "office-test", "angst", "14467", poster, App.Clock.GetUtcNow()));
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(posterAddress).Count == 3), because: "the release mail should follow");

        var mails = App.Smtp.To(posterAddress);
        Assert.Single(mails, m => m.TextBody!.Contains("Jemand interessiert sich", StringComparison.Ordinal));
        Assert.All(mails.Skip(1), m => Assert.Equal("Neuigkeiten zu Ihrer Anfrage", m.Subject));
        Assert.All(mails, m => Assert.DoesNotContain("angst", m.Subject + m.TextBody, StringComparison.OrdinalIgnoreCase));
        Assert.Single(App.Smtp.To(unconfirmedAddress)); // the confirmation, nothing else
    }

    [Fact]
    public async Task Released_contacts_reach_only_those_who_consented_and_confirmed()
    {
        var (a, addressA) = await ContactAsync();
        var (b, addressB) = await ContactAsync(locale: "en");
        var (c, addressC) = await ContactAsync(confirm: false);
        await App.Services.GetRequiredService<IBus>().Publish(new ContactsReleased(Guid.NewGuid(), "office-test", [a, b, c], App.Clock.GetUtcNow()));
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(addressA).Count == 2 && App.Smtp.To(addressB).Count == 2));

        var toA = App.Smtp.To(addressA)[1].TextBody!;
        var toB = App.Smtp.To(addressB)[1].TextBody!;
        Assert.Contains(addressB, toA);
        Assert.DoesNotContain(addressA, toA);
        Assert.Contains(addressA, toB);
        Assert.Contains("agreed to share", toB);
        Assert.DoesNotContain(addressC, toA + toB);
        Assert.Single(App.Smtp.To(addressC));
    }

    [Fact]
    public async Task Invitees_get_the_first_meeting_with_a_calendar_entry()
    {
        var (invitee, address) = await ContactAsync();
        var starts = App.Clock.GetUtcNow().AddDays(10);
        await App.Services.GetRequiredService<IBus>().Publish(new FirstMeetingPlanned(Guid.NewGuid(), "office-test", Guid.NewGuid(), "angst",
            starts, starts.AddHours(2), "Raum 3", "Hegelallee 1", "14467", "Potsdam", false, [invitee], App.Clock.GetUtcNow()));
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(address).Count == 2), because: "the invitation should arrive");

        var invitation = App.Smtp.To(address)[1];
        Assert.Equal("Einladung zu einem ersten Treffen", invitation.Subject);
        Assert.Contains("Hegelallee 1", invitation.TextBody);
        Assert.Contains(invitation.Attachments, part => part.ContentType.MimeType == "text/calendar");
        Assert.DoesNotContain("angst", invitation.Subject + invitation.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_contact_is_exported_and_erased_with_its_address_and_unconfirmed_ones_expire()
    {
        var (contact, address) = await ContactAsync();
        using var client = App.Client();
        (await client.PostAsJsonAsync("/api/notifications/manage/link", new { email = address })).EnsureSuccessStatusCode();
        var token = await App.TokenFromMailAsync(address, 2);
        var export = await client.GetFromJsonAsync<JsonElement>($"/api/notifications/manage/export?token={token}");
        var exported = Assert.Single(export.GetProperty("foundingContacts").EnumerateArray());
        Assert.Equal(contact, exported.GetProperty("contactRef").GetGuid());
        Assert.Equal("double-opt-in-link", exported.GetProperty("consent").GetProperty("method").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/notifications/manage?token={token}")).StatusCode);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM contacts WHERE id = $1", contact));
        // Founding heard of the confirmation, and hears of the erasure, through the outbox: the reference only.
        Assert.Equal(1L, await RaisedAsync("ContactConfirmed", contact));
        Assert.Equal(1L, await RaisedAsync("ContactErased", contact));

        var (pending, pendingAddress) = await ContactAsync(confirm: false);
        App.Clock.Advance(Selbsthilfe.Notifications.Api.Subscriptions.Subscribe.PendingFor + TimeSpan.FromMinutes(1));
        await App.Services.GetRequiredService<Selbsthilfe.Notifications.Api.Subscriptions.ExpirySweep>().RunAsync(default);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM contacts WHERE id = $1", pending));
        var index = App.Services.GetRequiredService<EmailProtector>().BlindIndex(pendingAddress);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE email_index = $1", index));
    }

    [Fact]
    public async Task An_unconfirmed_contact_raises_nothing_and_confirming_twice_raises_ContactConfirmed_once()
    {
        var (pending, _) = await ContactAsync(confirm: false);
        Assert.Equal(0L, await RaisedAsync("ContactConfirmed", pending));
        var (contact, address) = await ContactAsync();
        using var client = App.Client();
        (await client.PostAsJsonAsync("/api/notifications/contacts/confirm", new { token = await App.TokenFromMailAsync(address, 1) })).EnsureSuccessStatusCode();
        Assert.Equal(1L, await RaisedAsync("ContactConfirmed", contact));
    }

    [Fact]
    public async Task The_office_hears_once_at_its_public_address_when_peers_gathered_with_no_member_data_in_the_mail()
    {
        var (initiator, initiatorAddress) = await ContactAsync();
        var office = "office-" + Guid.NewGuid().ToString("N")[..10];
        var officeAddress = $"{office}@kontaktstelle.example.org";
        var bus = App.Services.GetRequiredService<IBus>();
        await bus.Publish(new OfficeRegistered
        {
            OfficeId = office, Name = "SEKIZ Teststadt", RegionPostcodePrefixes = ["144"], RegisteredAt = App.Clock.GetUtcNow(), Email = officeAddress,
        });
        await Eventually.TrueAsync(async () => await App.ScalarAsync<long>("SELECT count(*) FROM offices WHERE id = $1", office) == 1,
            because: "the office should arrive");

        var initiative = Guid.NewGuid();
        var gathered = new PeersGathered(initiative, office, initiator, 6, App.Clock.GetUtcNow(), "angst", "14467");
        var messageId = NewId.NextGuid();
        await bus.Publish(gathered, c => c.MessageId = messageId);
        await bus.Publish(gathered, c => c.MessageId = messageId); // a redelivery
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(officeAddress).Count == 1 && App.Smtp.To(initiatorAddress).Count == 2),
            because: "office and initiator should hear of it");
        await Eventually.TrueAsync(async () => await App.ScalarAsync<long>(
            "SELECT count(*) FROM office_mails WHERE message_id = $1 AND state = 'sent'", messageId) == 1);

        var mail = Assert.Single(App.Smtp.To(officeAddress));
        var text = mail.TextBody!;
        Assert.Contains(initiative.ToString(), text);
        Assert.Contains("Thema: angst", text);
        Assert.Contains("14467", text);
        Assert.Contains("enough interested people", text, StringComparison.OrdinalIgnoreCase);
        // No mail links to the JSON API: the office's public page on the site, and words for where to go on.
        Assert.Contains($"https://selbsthilfe.example/kontaktstellen/{office}", text);
        Assert.DoesNotContain("/api/", text);
        Assert.DoesNotContain(initiatorAddress, mail.ToString());
        Assert.DoesNotContain(initiator.ToString(), mail.ToString());
        Assert.Single(App.Smtp.To(initiatorAddress), m => m.TextBody!.Contains("Genug Menschen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notifications_stopped_in_the_middle_of_a_founding_sends_each_founding_mail_exactly_once_when_it_is_back()
    {
        var partner = new NotificationsApp(fixture.Servers);
        await partner.InitializeAsync();
        try
        {
            var (initiator, initiatorAddress) = await ContactAsync(on: partner);
            var (invitee, inviteeAddress) = await ContactAsync(on: partner);
            var (unconfirmed, unconfirmedAddress) = await ContactAsync(confirm: false, on: partner);
            var office = "office-" + Guid.NewGuid().ToString("N")[..10];
            var officeAddress = $"{office}@kontaktstelle.example.org";
            await partner.Services.GetRequiredService<IBus>().Publish(new OfficeRegistered
            {
                OfficeId = office, Name = "SEKIZ Teststadt", RegionPostcodePrefixes = ["144"], RegisteredAt = partner.Clock.GetUtcNow(), Email = officeAddress,
            });
            await Eventually.TrueAsync(async () => await partner.ScalarAsync<long>("SELECT count(*) FROM offices WHERE id = $1", office) == 1,
                because: "the office should arrive");

            // The run's other notifications service stands in for Founding's outbox relay: any bus on the broker publishes alike.
            var bus = App.Services.GetRequiredService<IBus>();
            var now = partner.Clock.GetUtcNow();
            var initiative = Guid.NewGuid();
            var gathered = new PeersGathered(initiative, office, initiator, 6, now, "angst", "14467");
            var gatheredId = NewId.NextGuid();
            await bus.Publish(gathered, c => c.MessageId = gatheredId);
            await Eventually.TrueAsync(() => Task.FromResult(partner.Smtp.To(officeAddress).Count == 1 && partner.Smtp.To(initiatorAddress).Count == 2),
                because: "office and initiator should hear of the gathering before the stop");

            await partner.StopAsync();
            // While it is down: the broker redelivers the gathering (a lost ack), and the first meeting is planned and delivered twice.
            var starts = now.AddDays(10);
            var planned = new FirstMeetingPlanned(initiative, office, Guid.NewGuid(), "angst", starts, starts.AddHours(2), "Raum 3", "Hegelallee 1",
                "14467", "Potsdam", false, [invitee, unconfirmed], now);
            var plannedId = NewId.NextGuid();
            await bus.Publish(gathered, c => c.MessageId = gatheredId);
            await bus.Publish(planned, c => c.MessageId = plannedId);
            await bus.Publish(planned, c => c.MessageId = plannedId);
            partner = await partner.RestartAsync();

            // The mail reaches the sink a moment before its row is marked sent, so wait for the row, not for the mail.
            await Eventually.TrueAsync(async () => await partner.ScalarAsync<long>(
                "SELECT count(*) FROM contact_mails WHERE message_id = $1 AND state = 'sent'", plannedId) == 1, TimeSpan.FromSeconds(60),
                "the invitation should be sent once Notifications is back");
            foreach (var queue in new[] { "founding-mails", "mail-office" })
            {
                await Eventually.TrueAsync(() => fixture.Servers.QueueDrainedAsync(partner.QueuePrefix + "notifications-api-" + queue), TimeSpan.FromSeconds(60),
                    $"every founding message in {queue} should be consumed");
            }
            Assert.Single(partner.Smtp.To(officeAddress));
            Assert.Single(partner.Smtp.To(initiatorAddress), m => m.TextBody!.Contains("Genug Menschen", StringComparison.Ordinal));
            Assert.Equal(2, partner.Smtp.To(initiatorAddress).Count); // the confirmation and the gathering
            var invitation = Assert.Single(partner.Smtp.To(inviteeAddress), m => m.Subject == "Einladung zu einem ersten Treffen");
            Assert.Contains(invitation.Attachments, part => part.ContentType.MimeType == "text/calendar");
            Assert.Equal(2, partner.Smtp.To(inviteeAddress).Count); // the confirmation and the invitation
            Assert.Single(partner.Smtp.To(unconfirmedAddress)); // the confirmation, nothing else
            Assert.Equal(1L, await partner.ScalarAsync<long>(
                "SELECT count(*) FROM contact_mails WHERE message_id = $1 AND state = 'sent'", plannedId));
        }
        finally
        {
            await partner.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_bad_address_gets_a_problem_naming_the_field_and_the_database_holds_no_readable_address()
    {
        using var client = App.Client();
        var invalid = await client.PostAsJsonAsync("/api/notifications/contacts", new { email = "keine-adresse", locale = "fr" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("locale", out _));

        var (_, address) = await ContactAsync();
        var local = address.Split('@')[0];
        Assert.Equal(0L, await App.ScalarAsync<long>(
            "SELECT count(*) FROM subscribers WHERE position(convert_to($1, 'UTF8') IN email_cipher) > 0", local));
    }

    /// <summary>How many events of a type (in Notifications.Contracts) this service raised about a contact reference.</summary>
    private Task<long> RaisedAsync(string type, Guid contactRef) => App.ScalarAsync<long>(
        "SELECT count(*) FROM outbox_messages WHERE message_type LIKE $1 || ',%' AND aggregate_id = $2",
        "Selbsthilfe.Notifications.Contracts." + type, contactRef.ToString());

    /// <summary>Registers a contact as a person founding a group does, and confirms it with the link from the mail.</summary>
    private async Task<(Guid ContactRef, string Address)> ContactAsync(bool confirm = true, string locale = "de", NotificationsApp? on = null)
    {
        var app = on ?? App;
        // The per-client limit counts every test's requests in this fixture; a fresh hour keeps this test clear of it.
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var address = $"gruendung-{Guid.NewGuid():N}@example.org";
        using var client = app.Client();
        var response = await client.PostAsJsonAsync("/api/notifications/contacts", new { email = address, locale });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var contactRef = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contactRef").GetGuid();
        var token = await app.TokenFromMailAsync(address, 1);
        var mail = app.Smtp.To(address);
        // The link opens the site's confirmation page in the contact's language, never the JSON API.
        Assert.Contains($"https://selbsthilfe.example{(locale == "en" ? "/en" : "")}/kontakt/bestaetigen?token={token}", mail[0].TextBody);
        if (confirm)
        {
            var confirmed = await client.PostAsJsonAsync("/api/notifications/contacts/confirm", new { token });
            confirmed.EnsureSuccessStatusCode();
            // The confirming page links on to the address's own management page.
            var manageToken = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manageToken").GetString();
            (await client.GetAsync($"/api/notifications/manage?token={manageToken}")).EnsureSuccessStatusCode();
        }
        return (contactRef, address);
    }
}
