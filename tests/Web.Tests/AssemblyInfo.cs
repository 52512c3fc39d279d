[assembly: TestCollectionOrderer("Web.Tests.LaunchFirst", "Web.Tests")]
