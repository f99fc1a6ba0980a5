/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.structured.concurrency.actuate;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import io.structured.concurrency.actuate.TasksEndpoint.CancelledTaskDescriptor;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link TasksEndpoint} that
 * answers {@code DELETE} for an unknown node with 404 rather than 204.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = TasksEndpoint.class)
public class TasksEndpointWebExtension {

	private final TasksEndpoint delegate;

	/**
	 * Create a new extension.
	 * @param delegate the endpoint
	 */
	public TasksEndpointWebExtension(TasksEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Cancel a node and its subtree.
	 * @param id the node's id
	 * @return what was cancelled, or a 404 response if no such node is live and tracked
	 * @see TasksEndpoint#cancel(long)
	 */
	@DeleteOperation
	public WebEndpointResponse<CancelledTaskDescriptor> cancel(@Selector long id) {
		CancelledTaskDescriptor cancelled = this.delegate.cancel(id);
		return (cancelled != null) ? new WebEndpointResponse<>(cancelled)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
