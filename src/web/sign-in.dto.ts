import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidateIf } from 'class-validator';
import { ROLES, Role } from '../auth/roles';
import { IsCpr, NoCprNumber } from '../http/validators';
import { bothLanguages } from '../http/validation-texts';
import { RETURN_PATH } from './return-path';

export class DevelopmentSignInDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: bothLanguages({ da: `skal være en af ${ROLES.join(', ')}`, en: `must be one of ${ROLES.join(', ')}` }) })
  role!: Role;

  @ApiPropertyOptional({ example: 'agent-7', description: 'Staff: the name recorded on what they do (letters, digits, dot, dash, underscore)' })
  @ValidateIf((dto: DevelopmentSignInDto) => dto.role !== 'citizen')
  @NoCprNumber()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: bothLanguages({
      da: 'skriv et navn på 1-64 bogstaver, cifre, punktummer, bindestreger eller understreger',
      en: 'give a name of 1-64 letters, digits, dots, dashes or underscores',
    }),
  })
  name?: string;

  @ApiPropertyOptional({ example: '070761-4285', description: 'Citizens: whose NemID (the CPR number goes in the body, never in a URL)' })
  @ValidateIf((dto: DevelopmentSignInDto) => dto.role === 'citizen')
  @IsCpr()
  cpr?: string;
}

export class ReturnToQuery {
  @ApiPropertyOptional({ example: '/agency', description: 'The page to come back to after signing in' })
  @IsOptional()
  @NoCprNumber()
  @Matches(RETURN_PATH, { message: bothLanguages({ da: 'skal være en sti på dette websted', en: 'must be a path of this site' }) })
  returnTo?: string;
}

export class SignInMethods {
  @ApiProperty({ description: 'The development sign-in (not in production)' }) development!: boolean;
  @ApiProperty({ description: 'OpenID Connect at the identity provider' }) oidc!: boolean;
}

export class SignedOutView {
  @ApiProperty({
    description:
      "Where the browser goes next: the identity provider's sign-out when it offers one (it then sends the browser to the start page), else the start page",
    example: '/',
  })
  next!: string;
}

export class SessionView {
  @ApiProperty() signedIn!: boolean;
  @ApiPropertyOptional({ description: 'Set when the session cookie holds a token that has expired' }) expired?: boolean;
  @ApiPropertyOptional({ description: "Staff: the name in the token (a citizen's own is not shown)" }) name?: string;
  @ApiPropertyOptional({ enum: ROLES, isArray: true }) roles?: Role[];
  @ApiPropertyOptional() expiresAt?: string;
  @ApiProperty({ type: SignInMethods }) signIn!: SignInMethods;
}
