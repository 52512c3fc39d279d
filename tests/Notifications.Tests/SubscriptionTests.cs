using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Selbsthilfe.Notifications.Api.Privacy;
using Selbsthilfe.Notifications.Api.Subscriptions;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.Notifications.Tests;

/// <summary>Subscribing with double opt-in, on real PostgreSQL, RabbitMQ and SMTP.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class SubscriptionTests(NotificationsFixture fixture)
{
    private NotificationsApp App => fixture.App;

    private static string NewAddress() => $"mitglied-{Guid.NewGuid():N}@example.org";


    private Task<string> ConfirmationTokenAsync(string address) => App.TokenFromMailAsync(address, 1);

    [Fact]
    public async Task Double_opt_in_sends_one_discreet_mail_and_activates_only_on_confirmation_with_consent_as_proof()
    {
        var listing = await App.PublishListingAsync();
        var address = NewAddress();
        var response = await App.SubscribeAsync(address, listing);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var token = await ConfirmationTokenAsync(address);
        var mail = Assert.Single(App.Smtp.To(address));
        // What a lock screen shows names neither the group nor its topic.
        Assert.DoesNotContain("Angst", mail.Subject + mail.From + mail.TextBody!.Split('\n')[0]);
        // The link opens the site's page (a button, nothing changes on GET), never the JSON API.
        Assert.Equal($"https://selbsthilfe.example/bestaetigen?token={token}", TokenLink(mail.TextBody!));
        Assert.Contains($"href=\"https://selbsthilfe.example/bestaetigen?token={token}\"", mail.HtmlBody);
        Assert.Equal("pending", await App.ScalarAsync<string>("SELECT state FROM subscriptions WHERE listing_id = $1", listing));

        using var client = App.Client();
        var page = await client.GetAsync($"/api/notifications/confirm?token={token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode); // a mail scanner following the link confirms nothing
        Assert.Equal("pending", await App.ScalarAsync<string>("SELECT state FROM subscriptions WHERE listing_id = $1", listing));

        var confirm = await client.PostAsync("/api/notifications/confirm", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        // The confirming page links on to the member's management page with this token.
        var manageToken = (await confirm.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("manageToken").GetString();
        var managed = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/notifications/manage?token={manageToken}");
        Assert.Equal(listing, Assert.Single(managed.GetProperty("subscriptions").EnumerateArray()).GetProperty("listingId").GetGuid());
        Assert.Equal("active", await App.ScalarAsync<string>("SELECT state FROM subscriptions WHERE listing_id = $1", listing));
        Assert.Equal(ConfirmationMailVersion, await App.ScalarAsync<string>("SELECT consent_text_version FROM subscriptions WHERE listing_id = $1", listing));
        Assert.Equal("double-opt-in-link", await App.ScalarAsync<string>("SELECT consent_method FROM subscriptions WHERE listing_id = $1", listing));
        Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, await App.ScalarAsync<DateTime>("SELECT consent_at FROM subscriptions WHERE listing_id = $1", listing));

        // Asking again while subscribed: the same answer, and no further mail.
        var again = await App.SubscribeAsync(address, listing);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(await response.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        await Task.Delay(500);
        Assert.Single(App.Smtp.To(address));
    }

    [Fact]
    public async Task An_English_request_gets_links_to_the_English_pages_and_a_management_link_in_English_too()
    {
        var listing = await App.PublishListingAsync();
        var address = NewAddress();
        using var client = App.Client();
        (await client.PostAsJsonAsync("/api/notifications/subscriptions",
            new { email = address, listingId = listing, leadTimesMinutes = new[] { 1440 }, locale = "en" })).EnsureSuccessStatusCode();
        var token = await ConfirmationTokenAsync(address);
        Assert.Equal($"https://selbsthilfe.example/en/bestaetigen?token={token}", TokenLink(App.Smtp.To(address)[0].TextBody!));

        (await client.PostAsJsonAsync("/api/notifications/confirm", new { token })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/notifications/manage/link", new { email = address })).EnsureSuccessStatusCode();
        var manageToken = await App.TokenFromMailAsync(address, 2);
        Assert.Equal($"https://selbsthilfe.example/en/verwalten?token={manageToken}", TokenLink(App.Smtp.To(address)[1].TextBody!));
    }

    private const string ConfirmationMailVersion = Selbsthilfe.Notifications.Api.Delivery.ConfirmationMail.ConsentTextVersion;

    private static string TokenLink(string text) => text.Split('\n').Select(l => l.Trim()).First(l => l.Contains("token=", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries).Last();

    [Fact]
    public async Task Forged_and_expired_links_confirm_nothing_and_unconfirmed_requests_are_deleted()
    {
        var listing = await App.PublishListingAsync();
        var address = NewAddress();
        await App.SubscribeAsync(address, listing);
        var token = await ConfirmationTokenAsync(address);
        using var client = App.Client();

        var forged = token[..^2] + (token.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/notifications/confirm", new { token = forged })).StatusCode);

        App.Clock.Advance(Subscribe.PendingFor + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/notifications/confirm", new { token })).StatusCode);
        await App.Services.GetRequiredService<ExpirySweep>().RunAsync(default);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM subscriptions WHERE listing_id = $1", listing));
        var index = App.Services.GetRequiredService<EmailProtector>().BlindIndex(address);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE email_index = $1", index));
    }

    [Fact]
    public async Task The_database_holds_no_readable_address_and_old_keys_still_decrypt_after_a_rotation()
    {
        var listing = await App.PublishListingAsync();
        var address = NewAddress();
        await App.SubscribeAsync(address, listing);
        await ConfirmationTokenAsync(address);
        var local = address.Split('@')[0];
        Assert.Equal(0L, await App.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM subscribers s WHERE s::text ILIKE '%' || $1 || '%' OR encode(s.email_cipher, 'escape') ILIKE '%' || $1 || '%')
                 + (SELECT count(*) FROM subscriptions x WHERE x::text ILIKE '%' || $1 || '%')
                 + (SELECT count(*) FROM request_log r WHERE r::text ILIKE '%' || $1 || '%')
            """, local));

        // Rotation: a protector with a new current key still reads what the old key wrote.
        var old = App.Services.GetRequiredService<EmailProtector>();
        var (cipher, keyId) = old.Encrypt(address);
        var rotated = new EmailProtector(Options.Create(new KeyOptions
        {
            Encryption = new() { ["k1"] = App.EncryptionKeys["k1"], ["k2"] = NotificationsApp.NewKey() },
            Current = "k2",
            BlindIndex = NotificationsApp.NewKey(),
            Links = NotificationsApp.NewKey(),
        }));
        Assert.Equal(address, rotated.Decrypt(cipher, keyId));
        var (newer, newerKey) = rotated.Encrypt(address);
        Assert.Equal("k2", newerKey);
        Assert.Equal(address, rotated.Decrypt(newer, newerKey));
    }

    [Fact]
    public async Task Requests_are_limited_per_address_without_revealing_anything_about_it()
    {
        var listing = await App.PublishListingAsync();
        var address = NewAddress();
        for (var i = 0; i < Subscribe.PerAddressPerHour; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await App.SubscribeAsync(address, listing)).StatusCode);
        }
        var limited = await App.SubscribeAsync(address, listing);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(address, await limited.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(() => Task.FromResult(App.Smtp.To(address).Count == Subscribe.PerAddressPerHour));

        var unknownGroup = await App.SubscribeAsync(NewAddress(), Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, unknownGroup.StatusCode);
        var invalid = await App.SubscribeAsync("keine-adresse", listing);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
    }
}
