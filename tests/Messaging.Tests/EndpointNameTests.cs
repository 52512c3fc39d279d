using Selbsthilfe.Messaging;

namespace Messaging.Tests;

public sealed class EndpointNameTests
{
    [Fact]
    public void Queue_names_start_with_the_service_so_two_services_with_a_like_named_consumer_never_share_a_queue()
    {
        var options = new MessagingOptions { EndpointPrefix = "test-" };
        var formatter = new MassTransit.KebabCaseEndpointNameFormatter(
            MessagingExtensions.EndpointPrefix(options, typeof(EndpointNameTests).Assembly), includeNamespace: false);
        var other = new MassTransit.KebabCaseEndpointNameFormatter(
            MessagingExtensions.EndpointPrefix(options, typeof(MessagingOptions).Assembly), includeNamespace: false);

        Assert.Equal("test-messaging-tests-listing-facts", formatter.Consumer<ListingFactsConsumer>());
        Assert.Equal("test-messaging-listing-facts", other.Consumer<ListingFactsConsumer>());
    }

    private sealed class ListingFactsConsumer : MassTransit.IConsumer<TestEvent>
    {
        public Task Consume(MassTransit.ConsumeContext<TestEvent> context) => Task.CompletedTask;
    }
}
