import { gql, useMutation, useQuery } from "@apollo/client";

// The feed page: its query spreads `LinkSummary`, defined in links.graphql.
export const FEED_PAGE = gql`
  query FeedPage($first: Int!, $skip: Int!) {
    links(first: $first, skip: $skip) {
      ...LinkSummary
      votes {
        id
      }
    }
  }
`;

export const POST_LINK = gql`
  mutation PostLink($url: String!, $description: String!) {
    createLink(url: $url, description: $description) {
      id
      url
      description
      postedBy {
        username
      }
    }
  }
`;

export const UPVOTE = gql`
  mutation Upvote($linkId: Int!) {
    createVote(linkId: $linkId) {
      link {
        id
        votes {
          id
        }
      }
    }
  }
`;

export function Feed({ page }: { page: number }) {
  const { data } = useQuery(FEED_PAGE, { variables: { first: 10, skip: page * 10 } });
  const [upvote] = useMutation(UPVOTE);
  // Don't render until there's data: `links` may be null.
  return (
    <ul>
      {data?.links?.map((link: { id: string; url: string; description: string }) => (
        <li key={link.id} onClick={() => upvote({ variables: { linkId: Number(link.id) } })}>
          {link.description} ({link.url})
        </li>
      ))}
    </ul>
  );
}
