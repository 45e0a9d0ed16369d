"""The worked demonstration inspection: a reconstruction of West Midlands Police's 2007 inspection from
the published report, loaded through the services by `inspectorate load-demo`."""
